package dev.spamflow.pipeline.train;

import dev.spamflow.core.BuildInfo;
import dev.spamflow.core.data.DataSplit;
import dev.spamflow.core.model.EpochRecord;
import dev.spamflow.core.model.HyperParameters;
import dev.spamflow.core.model.Metrics;
import dev.spamflow.core.model.ModelBundle;
import dev.spamflow.core.model.SpamModelTraining;
import dev.spamflow.core.model.TrainedModel;
import dev.spamflow.core.model.TrainingConfig;
import dev.spamflow.core.model.TrainingListener;
import dev.spamflow.core.port.ExperimentTracker;
import dev.spamflow.core.port.ObjectNotFoundException;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.core.port.RegistryEntryNotFoundException;
import dev.spamflow.core.port.Run;
import dev.spamflow.core.port.RunStatus;
import dev.spamflow.core.serving.BundleManifest;
import dev.spamflow.core.serving.ModelFiles;
import dev.spamflow.core.text.TextFeatures;
import dev.spamflow.pipeline.CuratedManifest;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.Manifests;
import dev.spamflow.pipeline.RawManifest;
import dev.spamflow.pipeline.StagedFiles;
import dev.spamflow.pipeline.feedback.FeedbackLabels;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The train stage: reads a curated dataset's parts, runs a seeded hyper-parameter search (trials
 * drawn from {@link SearchSpace}, each trained by {@link SpamModelTraining}'s cross-validated
 * protocol), and keeps the trial with the best cross-validated F1 — out of fold over every
 * development message, not a few hundred validation messages — as the candidate.
 *
 * <p>A search runs in one process ({@link #apply}, {@link #retrain}: trials several at once if
 * {@link TrainSettings#parallelism()} allows) or fanned out over a cluster ({@link #prepare}, one
 * {@link #trial} per process, {@link #select}: the Tekton matrix of {@code tekton/train}). Both
 * ways go through the same three steps and the same files under {@code training/<id>/}: {@code
 * plan.json} fixes the search run and every trial's hyper-parameters ({@link SearchPlan}); each
 * trial leaves its bundle and then {@code trials/<n>.json} ({@link TrialOutcome}); the select step
 * reads only those. A trial's result depends on its point and the data alone, so the same seed
 * gives the same candidate whichever way the trials ran. A trial that is not learning is stopped
 * early ({@link HopelessTrial}).
 *
 * <p>In the tracker the search is one parent run tagged {@value #DATASET_TAG} with the dataset id;
 * every trial is a child run with its hyper-parameters as params, per-epoch metrics and the
 * bundle's PNG charts under {@code charts/}. The winner's bundle goes into the parent run's
 * artifacts, as a folder under {@value #MODEL_ARTIFACTS} (what the register stage registers) and
 * zipped as {@value #BUNDLE_ZIP}.
 *
 * <p>Idempotent per dataset: once a search finished, {@code training/<id>/result.json} points at
 * its parent run (the port cannot search runs by tag), and a second call returns that result
 * without training. A search that started and did not finish (a crash, a failed trial set) left
 * {@code training/<id>/started.json} ({@link TrainingAttempt}); the next call takes it over in the
 * same parent run once its lease has run out, keeps the trials that have an outcome and trains the
 * rest, so the tracker holds one search run per dataset.
 */
public final class TrainFunction implements Function<DatasetRef, TrainResult> {

  /** Run tag holding the dataset id. */
  public static final String DATASET_TAG = "spamflow.dataset_id";

  /** Run tag telling a search's parent run from a trial. */
  public static final String ROLE_TAG = "spamflow.role";

  /**
   * The file beside a retraining's result that lists the feedback reports it learnt from, see
   * {@link FeedbackLabels.Choice}.
   */
  public static final String FEEDBACK_FILE = "feedback.json";

  /** Run tag giving the key of a retraining's {@link #FEEDBACK_FILE}. */
  public static final String FEEDBACK_TAG = "spamflow.feedback";

  /** Run tag naming the retraining a search run belongs to (absent on a dataset's first). */
  public static final String RETRAIN_TAG = "spamflow.retrain";

  private static final java.util.regex.Pattern RETRAIN_NAME =
      java.util.regex.Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");

  /** Trial-run tag saying why a hopeless trial was stopped ({@link HopelessTrial}). */
  public static final String STOPPED_TAG = "spamflow.stopped";

  /** Parent-run tag naming the winning trial's run. */
  public static final String BEST_TRIAL_TAG = "spamflow.best_trial_run_id";

  /** Folder in the parent run's artifacts that holds the candidate bundle. */
  public static final String MODEL_ARTIFACTS = "model";

  /** The zipped candidate bundle in the parent run's artifacts. */
  public static final String BUNDLE_ZIP = "model.zip";

  /** Folder in a trial run's artifacts that holds its charts. */
  public static final String CHARTS_ARTIFACTS = "charts";

  /** Where the pointer to a dataset's finished search is kept. */
  public static final String TRAINING_PREFIX = "training/";

  private static final Logger LOG = LoggerFactory.getLogger(TrainFunction.class);

  private final ObjectStore store;
  private final ExperimentTracker tracker;
  private final TrainSettings settings;
  private final Clock clock;

  /**
   * Creates the stage.
   *
   * @param store where curated datasets are read
   * @param tracker where runs, params, metrics and artifacts are logged
   * @param settings the settings
   */
  public TrainFunction(ObjectStore store, ExperimentTracker tracker, TrainSettings settings) {
    this(store, tracker, settings, Clock.systemUTC());
  }

  /**
   * Creates the stage with a clock, which times the attempts' heartbeats and leases.
   *
   * @param store where curated datasets are read
   * @param tracker where runs, params, metrics and artifacts are logged
   * @param settings the settings
   * @param clock the clock
   */
  public TrainFunction(
      ObjectStore store, ExperimentTracker tracker, TrainSettings settings, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.tracker = Objects.requireNonNull(tracker, "tracker");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Returns the key of the pointer to a dataset's finished search.
   *
   * @param dataset the dataset
   * @return {@code training/<id>/result.json}
   */
  public static String resultKey(DatasetRef dataset) {
    return resultKey(dataset, "");
  }

  /**
   * Returns the key of the pointer to a dataset's finished search or retraining.
   *
   * @param dataset the dataset
   * @param retrain empty for the dataset's own search, else the retraining's name
   * @return {@code training/<id>/result.json} or {@code training/<id>/retrain/<name>/result.json}
   */
  public static String resultKey(DatasetRef dataset, String retrain) {
    return folder(dataset, retrain) + "result.json";
  }

  /** The folder of a dataset's search ({@code retrain} empty) or of one retraining. */
  static String folder(DatasetRef dataset, String retrain) {
    return TRAINING_PREFIX
        + dataset.id()
        + "/"
        + (retrain.isEmpty() ? "" : "retrain/" + retrain + "/");
  }

  /**
   * Returns the key of the marker an unfinished search leaves ({@link TrainingAttempt}).
   *
   * @param dataset the dataset
   * @return {@code training/<id>/started.json}
   */
  public static String startedKey(DatasetRef dataset) {
    return TrainingAttempt.markerKey(dataset);
  }

  /**
   * Returns the search run a finished search recorded in {@code training/<id>/result.json}.
   *
   * @param store the store
   * @param dataset the dataset
   * @return the parent run's id, or empty when no search finished
   */
  public static Optional<String> finishedRun(ObjectStore store, DatasetRef dataset) {
    String key = resultKey(dataset);
    if (store.stat(key).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Manifests.read(store, key, Remembered.class).runId());
  }

  /**
   * Trains on one curated dataset.
   *
   * @param dataset a dataset whose curated manifest exists (see {@link
   *     CuratedData#fromCuratedManifestKey})
   * @return {@link TrainResult.Status#TRAINED} with the candidate, {@code ALREADY_TRAINED} with the
   *     earlier search's result, or {@code CURATED_MISSING}
   * @throws IllegalStateException naming the key when a curated file does not match its manifest,
   *     when {@code training/<id>/result.json} names a run of another dataset, or when every trial
   *     failed
   * @throws dev.spamflow.core.port.ObjectStoreException when the store fails (worth a retry)
   * @throws dev.spamflow.core.port.ModelRegistryException when the tracker fails (worth a retry)
   * @throws UncheckedIOException when a temporary file fails
   */
  @Override
  public TrainResult apply(DatasetRef dataset) {
    return train(dataset, "");
  }

  /**
   * Trains on a dataset again, under a name of its own: what a drift check asks for. Each name is
   * one search, idempotent like the first: its own run (tagged {@value #RETRAIN_TAG}), its own
   * pointer {@code training/<id>/retrain/<name>/result.json}, and a search seed derived from the
   * name, so it explores other starting points than the first search did. The split is the
   * dataset's own, so the register gate still judges it on a test part no training saw.
   *
   * @param dataset a curated dataset
   * @param retrain the retraining's name: lower-case letters, digits, {@code .}, {@code _} and
   *     {@code -}, e.g. {@code drift-20261202t060000z-spam-detector-v3}
   * @return as {@link #apply}
   * @throws IllegalArgumentException when the name is empty or has other characters
   */
  public TrainResult retrain(DatasetRef dataset, String retrain) {
    if (retrain.isEmpty()) {
      throw new IllegalArgumentException("a retraining needs a name");
    }
    checkRetrainName(retrain);
    return train(dataset, retrain);
  }

  /**
   * Turns a raw name into a retraining's name: lower case, any character outside {@code a-z 0-9 . _
   * -} replaced by {@code -}, at most 128 characters.
   *
   * @param raw e.g. {@code drift-20261202T060000Z-spam-detector-v3}
   * @return e.g. {@code drift-20261202t060000z-spam-detector-v3}; empty for a blank input
   */
  public static String retrainName(String raw) {
    String name = raw.strip().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
    return name.length() > 128 ? name.substring(0, 128) : name;
  }

  private TrainResult train(DatasetRef dataset, String retrain) {
    Optional<TrainResult> earlier = earlier(dataset, retrain);
    if (earlier.isPresent()) {
      logTrainedBefore(dataset, retrain);
      return earlier.get();
    }
    Optional<CuratedManifest> curated = curated(dataset);
    if (curated.isEmpty()) {
      return curatedMissing(dataset);
    }
    TrainingAttempt attempt = beginAttempt(dataset, retrain);
    boolean finished = false;
    try (Heartbeat heartbeat = Heartbeat.start(attempt, dataset)) {
      List<HyperParameters> points =
          settings
              .space()
              .sample(searchBase(retrain), settings.trialBudget(), settings.maxEpochs());
      List<Integer> numbers = new ArrayList<>();
      for (int i = 1; i <= points.size(); i++) {
        numbers.add(i);
      }
      SearchPlan plan = plan(attempt, dataset, retrain, curated.get(), numbers, "threads");
      try (StagedFiles staged = StagedFiles.create(settings.tempDirectory(), "train-")) {
        TrialInputs inputs = inputs(attempt.runId(), dataset, retrain, curated.get(), staged);
        runTrials(attempt, plan, inputs);
      }
      TrainResult result = select(attempt, heartbeat, dataset, retrain, plan);
      finished = true;
      return result;
    } finally {
      if (!finished) {
        finishQuietly(attempt.runId(), RunStatus.FAILED);
      }
    }
  }

  /**
   * The first step of a search whose trials run as separate processes (a Tekton matrix): begins the
   * attempt (or takes over one whose lease ran out), opens the search run and fixes the plan. The
   * trials and the select step then {@linkplain #trial run} and {@linkplain #select finish} it;
   * until the select step has, the trial processes keep the attempt's lease alive, and a redelivery
   * meanwhile fails with {@link TrainingInProgressException}.
   *
   * @param dataset a curated dataset
   * @param retrain empty for the dataset's own search, else a retraining's name (see {@link
   *     #retrain})
   * @param trials the trials' numbers, each from 1 to the size of the (capped) search space: trial
   *     {@code n} is the {@code n}-th point of the seeded draw
   * @return {@link SearchStep.Status#PLANNED} with the plan's numbers — those of a plan made before
   *     when there is one, whatever {@code trials} says — or {@code SEARCH_FINISHED} (with the
   *     trials to run: they return at once) or {@code CURATED_MISSING}
   * @throws IllegalArgumentException when a number is out of range or repeated, or the name is bad
   * @throws TrainingInProgressException when another attempt is alive
   */
  public SearchStep prepare(DatasetRef dataset, String retrain, List<Integer> trials) {
    checkRetrainName(retrain);
    if (trials.isEmpty()) {
      throw new IllegalArgumentException("a search needs at least one trial");
    }
    Optional<TrainResult> earlier = earlier(dataset, retrain);
    if (earlier.isPresent()) {
      logTrainedBefore(dataset, retrain);
      List<Integer> numbers =
          readPlan(dataset, retrain).map(SearchPlan::numbers).orElse(List.copyOf(trials));
      return new SearchStep(
          SearchStep.Status.SEARCH_FINISHED,
          dataset,
          earlier.get().runId(),
          numbers,
          "",
          0,
          "the search finished before; its result stands");
    }
    Optional<CuratedManifest> curated = curated(dataset);
    if (curated.isEmpty()) {
      return new SearchStep(
          SearchStep.Status.CURATED_MISSING,
          dataset,
          "",
          List.of(),
          "",
          0,
          curatedMissing(dataset).detail());
    }
    // Checked before the attempt begins: a bad number must not leave an attempt open.
    planTrials(retrain, trials);
    TrainingAttempt attempt = beginAttempt(dataset, retrain);
    SearchPlan plan = plan(attempt, dataset, retrain, curated.get(), trials, "fan-out");
    return new SearchStep(
        SearchStep.Status.PLANNED, dataset, attempt.runId(), plan.numbers(), "", 0, "");
  }

  /**
   * Prepares a search of the first {@code budget} trials of the seeded draw, as a search in threads
   * would run them: at most as many as the (capped) search space holds.
   *
   * @param dataset a curated dataset
   * @param retrain empty, or a retraining's name
   * @param budget how many trials, at least 1
   * @return as {@link #prepare(DatasetRef, String, List)}
   * @throws IllegalArgumentException when the budget is below 1
   */
  public SearchStep prepare(DatasetRef dataset, String retrain, int budget) {
    if (budget < 1) {
      throw new IllegalArgumentException("a trial budget must be at least 1 but was " + budget);
    }
    int size = settings.space().sample(searchBase(retrain), budget, settings.maxEpochs()).size();
    List<Integer> numbers = new ArrayList<>();
    for (int i = 1; i <= size; i++) {
      numbers.add(i);
    }
    return prepare(dataset, retrain, numbers);
  }

  /**
   * Runs one trial of a prepared search, as one process of a Tekton matrix does. Idempotent: a
   * trial that has an outcome returns it without training.
   *
   * @param dataset the dataset
   * @param retrain as given to {@link #prepare}
   * @param number the trial's number in the plan
   * @return {@code TRIAL_FINISHED}, {@code TRIAL_STOPPED} (hopeless), or {@code SEARCH_FINISHED}
   * @throws IllegalArgumentException when the plan has no such trial
   * @throws IllegalStateException when the search was not prepared or its attempt was taken over
   * @throws UncheckedIOException when a temporary file fails
   */
  public SearchStep trial(DatasetRef dataset, String retrain, int number) {
    checkRetrainName(retrain);
    if (earlier(dataset, retrain).isPresent()) {
      return new SearchStep(
          SearchStep.Status.SEARCH_FINISHED,
          dataset,
          earlier(dataset, retrain).orElseThrow().runId(),
          List.of(number),
          "",
          0,
          "the search finished before; nothing to train");
    }
    SearchPlan plan = requirePlan(dataset, retrain);
    plan.trial(number);
    Optional<TrialOutcome> done = outcome(dataset, retrain, number);
    if (done.isPresent()) {
      return step(dataset, plan, done.get());
    }
    TrainingAttempt attempt = TrainingAttempt.join(store, clock, dataset, retrain, plan.runId());
    CuratedManifest curated =
        curated(dataset)
            .orElseThrow(() -> new IllegalStateException(curatedMissing(dataset).detail()));
    try (Heartbeat _ = Heartbeat.start(attempt, dataset);
        StagedFiles staged = StagedFiles.create(settings.tempDirectory(), "trial-")) {
      TrialInputs inputs = inputs(plan.runId(), dataset, retrain, curated, staged);
      return step(dataset, plan, runTrial(attempt, plan, number, inputs));
    } catch (IOException e) {
      throw new UncheckedIOException("trial " + number + " of dataset " + dataset.id(), e);
    }
  }

  /**
   * The last step of a fanned-out search: picks the best finished trial by its cross-validated F1,
   * puts its bundle into the search run and records the result, as a search in threads ends.
   *
   * @param dataset the dataset
   * @param retrain as given to {@link #prepare}
   * @return {@code TRAINED}, or {@code ALREADY_TRAINED} with the earlier result
   * @throws IllegalStateException when the search was not prepared, was taken over, or has no
   *     finished trial
   */
  public TrainResult select(DatasetRef dataset, String retrain) {
    checkRetrainName(retrain);
    Optional<TrainResult> earlier = earlier(dataset, retrain);
    if (earlier.isPresent()) {
      logTrainedBefore(dataset, retrain);
      return earlier.get();
    }
    SearchPlan plan = requirePlan(dataset, retrain);
    TrainingAttempt attempt = TrainingAttempt.join(store, clock, dataset, retrain, plan.runId());
    boolean finished = false;
    try (Heartbeat heartbeat = Heartbeat.start(attempt, dataset)) {
      TrainResult result = select(attempt, heartbeat, dataset, retrain, plan);
      finished = true;
      return result;
    } finally {
      if (!finished) {
        finishQuietly(plan.runId(), RunStatus.FAILED);
      }
    }
  }

  private static void checkRetrainName(String retrain) {
    if (!retrain.isEmpty() && !RETRAIN_NAME.matcher(retrain).matches()) {
      throw new IllegalArgumentException(
          "a retraining's name must match " + RETRAIN_NAME.pattern() + ": '" + retrain + "'");
    }
  }

  private static void logTrainedBefore(DatasetRef dataset, String retrain) {
    LOG.info(
        "train: dataset {}{} was trained before; nothing to do",
        dataset.id(),
        retrain.isEmpty() ? "" : " (retraining " + retrain + ")");
  }

  private Optional<CuratedManifest> curated(DatasetRef dataset) {
    try {
      return Optional.of(CuratedData.manifest(store, dataset));
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    }
  }

  private static TrainResult curatedMissing(DatasetRef dataset) {
    LOG.warn("train: dataset {} has no curated manifest; nothing to train", dataset.id());
    return new TrainResult(
        TrainResult.Status.CURATED_MISSING,
        dataset,
        "",
        "",
        "",
        Map.of(),
        Map.of(),
        0,
        "object '" + dataset.curated(DatasetRef.MANIFEST) + "' does not exist");
  }

  /** What every trial of a search reads, loaded once per process. */
  private record TrialInputs(
      DatasetRef dataset,
      String retrain,
      CuratedManifest curated,
      RawManifest raw,
      DataSplit split,
      StagedFiles staged) {}

  /**
   * Loads the split (and a retraining's feedback labels) and logs how many feedback labels the
   * search learns from: the same figure from every process, since the labels were chosen once.
   */
  private TrialInputs inputs(
      String searchRunId,
      DatasetRef dataset,
      String retrain,
      CuratedManifest curated,
      StagedFiles staged) {
    RawManifest raw = CuratedData.rawManifest(store, curated);
    DataSplit split = CuratedData.split(store, curated, staged);
    FeedbackLabels.Collected feedback =
        retrain.isEmpty() ? FeedbackLabels.Collected.NONE : feedback(dataset, retrain, split);
    tracker.logParams(
        searchRunId, Map.of("feedback_labels", Integer.toString(feedback.messages().size())));
    return new TrialInputs(dataset, retrain, curated, raw, feedback.addTo(split), staged);
  }

  /**
   * The feedback a retraining adds to its training part: chosen once and recorded in {@code
   * feedback.json} beside its result, so an attempt that takes over a crashed one learns from the
   * same reports.
   */
  private FeedbackLabels.Collected feedback(DatasetRef dataset, String retrain, DataSplit split) {
    String key = folder(dataset, retrain) + FEEDBACK_FILE;
    if (store.stat(key).isEmpty()) {
      // One instant: the recorded window end is the one the reports were chosen by.
      Instant until = clock.instant();
      FeedbackLabels.Collected fresh =
          FeedbackLabels.collect(store, settings.feedback(), until, split);
      byte[] json =
          Manifests.toJson(
              new FeedbackLabels.Choice(until.toString(), fresh.keys(), fresh.counts()));
      if (store
          .putIfAbsent(
              key, new ByteArrayInputStream(json), json.length, "application/json", Map.of())
          .isPresent()) {
        logFeedback(dataset, retrain, fresh, "");
        return fresh;
      }
    }
    FeedbackLabels.Choice chosen = Manifests.read(store, key, FeedbackLabels.Choice.class);
    FeedbackLabels.Collected again = FeedbackLabels.reread(store, chosen.keys(), split);
    logFeedback(dataset, retrain, again, " (as chosen before, " + key + ")");
    return again;
  }

  private static void logFeedback(
      DatasetRef dataset, String retrain, FeedbackLabels.Collected feedback, String how) {
    FeedbackLabels.Counts c = feedback.counts();
    LOG.info(
        "train: retraining {} of dataset {} adds {} feedback labels to its training part{}: {} in"
            + " the window, {} past a day's cap, {} rejected, {} already in the corpus, {}"
            + " conflicting, {} past the share cap",
        retrain,
        dataset.id(),
        c.used(),
        how,
        c.listed(),
        c.overDayCap(),
        c.rejected(),
        c.inCorpus(),
        c.conflicting(),
        c.overShare());
  }

  /** A retraining draws its points with a seed of its own, so it explores other starting points. */
  private HyperParameters searchBase(String retrain) {
    return retrain.isEmpty()
        ? settings.base()
        : settings.base().withSeed(settings.base().seed() ^ retrain.hashCode());
  }

  private TrainingAttempt beginAttempt(DatasetRef dataset, String retrain) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(DATASET_TAG, dataset.id());
    tags.put(ROLE_TAG, "search");
    if (!retrain.isEmpty()) {
      tags.put(RETRAIN_TAG, retrain);
      // Where the feedback labels came from: the list of reports, each naming its object.
      tags.put(FEEDBACK_TAG, folder(dataset, retrain) + FEEDBACK_FILE);
    }
    java.util.Set<String> kept = new java.util.HashSet<>();
    for (TrialOutcome outcome : outcomes(dataset, retrain)) {
      kept.add(outcome.runId());
    }
    return TrainingAttempt.begin(
        store,
        tracker,
        clock,
        settings.lease(),
        dataset,
        retrain,
        () -> tracker.startRun(settings.experiment(), Optional.empty(), tags),
        kept::contains);
  }

  /** The key of a search's plan. */
  static String planKey(DatasetRef dataset, String retrain) {
    return folder(dataset, retrain) + "plan.json";
  }

  /** The key of a trial's outcome. */
  static String outcomeKey(DatasetRef dataset, String retrain, int number) {
    return trialsFolder(dataset, retrain) + number + ".json";
  }

  private static String trialsFolder(DatasetRef dataset, String retrain) {
    return folder(dataset, retrain) + "trials/";
  }

  private Optional<SearchPlan> readPlan(DatasetRef dataset, String retrain) {
    String key = planKey(dataset, retrain);
    return store.stat(key).isPresent()
        ? Optional.of(Manifests.read(store, key, SearchPlan.class))
        : Optional.empty();
  }

  private SearchPlan requirePlan(DatasetRef dataset, String retrain) {
    return readPlan(dataset, retrain)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "the search on dataset "
                        + dataset.id()
                        + " has no plan ('"
                        + planKey(dataset, retrain)
                        + "' does not exist): run the prepare step first"));
  }

  private Optional<TrialOutcome> outcome(DatasetRef dataset, String retrain, int number) {
    String key = outcomeKey(dataset, retrain, number);
    return store.stat(key).isPresent()
        ? Optional.of(Manifests.read(store, key, TrialOutcome.class))
        : Optional.empty();
  }

  private List<TrialOutcome> outcomes(DatasetRef dataset, String retrain) {
    String prefix = trialsFolder(dataset, retrain);
    List<TrialOutcome> out = new ArrayList<>();
    for (var info : store.list(prefix)) {
      String rest = info.key().substring(prefix.length());
      if (rest.endsWith(".json") && !rest.contains("/")) {
        out.add(Manifests.read(store, info.key(), TrialOutcome.class));
      }
    }
    return out;
  }

  /**
   * Fixes what the search tries: the plan made before, if it belongs to this attempt's run, else a
   * new one drawn from the settings. The search's params are logged with a new plan only, so an
   * attempt that takes over never logs a param twice with another value.
   */
  private SearchPlan plan(
      TrainingAttempt attempt,
      DatasetRef dataset,
      String retrain,
      CuratedManifest curated,
      List<Integer> numbers,
      String mode) {
    String key = planKey(dataset, retrain);
    Optional<SearchPlan> before = readPlan(dataset, retrain);
    if (before.isPresent()) {
      if (before.get().runId().equals(attempt.runId())) {
        LOG.info(
            "train: dataset {}: attempt {} follows the plan made before ({}, trials {})",
            dataset.id(),
            attempt.number(),
            key,
            before.get().numbers());
        return before.get();
      }
      // The plan's run is gone (a wiped registry, see earlier()): so are its trials' runs.
      LOG.warn(
          "train: '{}' names run {}, not this attempt's {}; planning again",
          key,
          before.get().runId(),
          attempt.runId());
      for (var info : store.list(trialsFolder(dataset, retrain))) {
        store.delete(info.key());
      }
      store.delete(key);
    }
    List<SearchPlan.Trial> trials = planTrials(retrain, numbers);
    SearchPlan plan =
        new SearchPlan(attempt.runId(), searchBase(retrain).seed(), settings.maxEpochs(), trials);
    byte[] json = Manifests.toJson(plan);
    if (store
        .putIfAbsent(key, new ByteArrayInputStream(json), json.length, "application/json", Map.of())
        .isEmpty()) {
      return Manifests.read(store, key, SearchPlan.class);
    }
    Map<String, String> searchParams = new LinkedHashMap<>();
    searchParams.put("trial_budget", Integer.toString(numbers.size()));
    searchParams.put("trials", Integer.toString(trials.size()));
    searchParams.put("max_epochs", Integer.toString(settings.maxEpochs()));
    searchParams.put("seed", Long.toString(settings.base().seed()));
    searchParams.put("search_mode", mode);
    if (mode.equals("threads")) {
      searchParams.put("parallelism", Integer.toString(settings.parallelism()));
    }
    searchParams.put("dataset_id", dataset.id());
    searchParams.put("code_version", BuildInfo.codeVersion());
    searchParams.put("tokeniser_version", Integer.toString(TextFeatures.VERSION));
    searchParams.putAll(tableParams(curated));
    tracker.logParams(attempt.runId(), searchParams);
    return plan;
  }

  /**
   * The trials' points: trial {@code n} is the {@code n}-th of the seeded draw.
   *
   * @throws IllegalArgumentException when a number is out of range or named twice
   */
  private List<SearchPlan.Trial> planTrials(String retrain, List<Integer> numbers) {
    HyperParameters base = searchBase(retrain);
    int highest = numbers.stream().mapToInt(Integer::intValue).max().orElseThrow();
    List<HyperParameters> points =
        settings.space().sample(base, Math.max(1, highest), settings.maxEpochs());
    List<SearchPlan.Trial> trials = new ArrayList<>();
    for (int number : numbers) {
      if (number < 1 || number > points.size()) {
        throw new IllegalArgumentException(
            "trial "
                + number
                + " is out of range: the search space holds "
                + points.size()
                + " distinct points under the epoch cap "
                + settings.maxEpochs()
                + ", so trials are numbered 1 to "
                + points.size());
      }
      if (trials.stream().anyMatch(t -> t.number() == number)) {
        throw new IllegalArgumentException("trial " + number + " is named twice");
      }
      trials.add(new SearchPlan.Trial(number, points.get(number - 1)));
    }
    trials.sort(Comparator.comparingInt(SearchPlan.Trial::number));
    return trials;
  }

  /**
   * Ends a search: the best finished trial by cross-validated F1 (the lower number on a tie) — read
   * back from the outcomes in the store, however the trials ran — becomes the candidate.
   */
  private TrainResult select(
      TrainingAttempt attempt,
      Heartbeat heartbeat,
      DatasetRef dataset,
      String retrain,
      SearchPlan plan) {
    List<TrialOutcome> finished = new ArrayList<>();
    List<String> notCandidates = new ArrayList<>();
    for (int number : plan.numbers()) {
      Optional<TrialOutcome> outcome = outcome(dataset, retrain, number);
      if (outcome.isEmpty()) {
        notCandidates.add("trial " + number + " failed");
      } else if (outcome.get().status() == TrialOutcome.Status.STOPPED) {
        notCandidates.add("trial " + number + " " + outcome.get().detail());
      } else {
        finished.add(outcome.get());
      }
    }
    if (!notCandidates.isEmpty()) {
      LOG.warn("train: dataset {}: {}", dataset.id(), String.join("; ", notCandidates));
    }
    TrialOutcome best =
        finished.stream()
            // validationF1 is the out-of-fold figure over all development messages.
            .max(
                Comparator.comparingDouble(TrialOutcome::validationF1)
                    .thenComparing(TrialOutcome::number, Comparator.reverseOrder()))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "every trial of the search on dataset "
                            + dataset.id()
                            + " failed or was stopped: "
                            + String.join("; ", notCandidates)));
    try (StagedFiles staged = StagedFiles.create(settings.tempDirectory(), "select-")) {
      Path bundle = staged.file("trial-" + best.number());
      java.nio.file.Files.createDirectories(bundle);
      for (var entry : best.bundle()) {
        String name = entry.key().substring(entry.key().lastIndexOf('/') + 1);
        String sha = StagedFiles.download(store, entry.key(), bundle.resolve(name));
        if (!sha.equals(entry.sha256())) {
          throw new IllegalStateException(
              "object '"
                  + entry.key()
                  + "' has SHA-256 "
                  + sha
                  + ", but trial "
                  + best.number()
                  + "'s outcome records "
                  + entry.sha256());
        }
      }
      BundleManifest manifest = dev.spamflow.core.serving.BundleFiles.open(bundle).manifest();
      Map<String, Double> metrics = metrics(manifest);
      Map<String, String> params = params(manifest.hyperParameters());
      String parent = plan.runId();
      tracker.logParams(parent, prefixed("best_", params));
      for (Map.Entry<String, Double> metric : metrics.entrySet()) {
        tracker.logMetric(parent, metric.getKey(), metric.getValue(), 0);
      }
      Path zip = staged.file(BUNDLE_ZIP);
      ModelBundle.zip(bundle, zip);
      tracker.uploadArtifacts(parent, bundle, MODEL_ARTIFACTS);
      tracker.uploadArtifacts(parent, zip, "");
      tracker.setTags(parent, Map.of(BEST_TRIAL_TAG, best.runId()));
      TrainResult result =
          new TrainResult(
              TrainResult.Status.TRAINED,
              dataset,
              parent,
              best.runId(),
              "runs:/" + parent + "/" + MODEL_ARTIFACTS,
              metrics,
              params,
              finished.size(),
              "");
      tracker.finishRun(parent, RunStatus.FINISHED);
      TrainResult remembered = remember(result, retrain);
      heartbeat.close();
      attempt.finished();
      return remembered;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot stage the bundle of trial " + best.number() + " of dataset " + dataset.id(), e);
    }
  }

  /**
   * The attempt's heartbeat from a timer, not only from training progress: a trial's first epoch
   * can run for longer than the lease on a loaded machine, and a redelivery must not take an
   * attempt over while its process is alive (seen in UploadToChampionIT under load: two attempts of
   * one search ran side by side).
   */
  private static final class Heartbeat implements AutoCloseable {
    private final ScheduledExecutorService timer;

    private Heartbeat(ScheduledExecutorService timer) {
      this.timer = timer;
    }

    static Heartbeat start(TrainingAttempt attempt, DatasetRef dataset) {
      ScheduledExecutorService timer =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "train-heartbeat-" + dataset.id());
                thread.setDaemon(true);
                return thread;
              });
      ScheduledFuture<?> unusedBeats =
          timer.scheduleWithFixedDelay(
              () -> {
                try {
                  attempt.beat();
                } catch (RuntimeException e) {
                  // A store hiccup must not end the beats; the next one writes again.
                  LOG.warn("train: heartbeat of dataset {} failed: {}", dataset.id(), e.toString());
                }
              },
              TrainingAttempt.BEAT_SPACING.toMillis(),
              TrainingAttempt.BEAT_SPACING.toMillis(),
              TimeUnit.MILLISECONDS);
      return new Heartbeat(timer);
    }

    /** Stops the beats and waits for one in flight, so none lands after the marker is gone. */
    @Override
    public void close() {
      timer.shutdownNow();
      try {
        if (!timer.awaitTermination(30, TimeUnit.SECONDS)) {
          LOG.warn("train: a heartbeat write did not end within 30 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void runTrials(TrainingAttempt attempt, SearchPlan plan, TrialInputs inputs) {
    ExecutorService pool = Executors.newFixedThreadPool(settings.parallelism());
    try {
      List<Future<TrialOutcome>> futures = new ArrayList<>();
      for (int number : plan.numbers()) {
        futures.add(pool.submit(() -> runTrial(attempt, plan, number, inputs)));
      }
      for (int i = 0; i < futures.size(); i++) {
        try {
          futures.get(i).get();
        } catch (ExecutionException e) {
          // One failed trial (out of memory for a large point, say) must not lose the others.
          LOG.warn(
              "train: trial {} of dataset {} failed",
              plan.numbers().get(i),
              inputs.dataset().id(),
              e.getCause());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while training dataset " + inputs.dataset().id(), e);
    } finally {
      pool.shutdownNow();
    }
  }

  private SearchStep step(DatasetRef dataset, SearchPlan plan, TrialOutcome outcome) {
    return new SearchStep(
        outcome.status() == TrialOutcome.Status.FINISHED
            ? SearchStep.Status.TRIAL_FINISHED
            : SearchStep.Status.TRIAL_STOPPED,
        dataset,
        plan.runId(),
        List.of(outcome.number()),
        outcome.runId(),
        outcome.validationF1(),
        outcome.detail());
  }

  /**
   * Trains one trial of the plan, or returns the outcome it had: a child run of the search run, its
   * bundle's files under {@code trials/<n>/<trial run>/model/} in the store, and last its outcome.
   * The run id in the path keeps two executions of one trial (an attempt taken over while its
   * process still ran) from overwriting each other's files: the outcome written first names its own
   * files, whichever execution wrote them.
   */
  private TrialOutcome runTrial(
      TrainingAttempt attempt, SearchPlan plan, int number, TrialInputs in) throws IOException {
    DatasetRef dataset = in.dataset();
    Optional<TrialOutcome> done = outcome(dataset, in.retrain(), number);
    if (done.isPresent()) {
      LOG.info(
          "train: dataset {} trial {} ended before ({}, run {}); kept",
          dataset.id(),
          number,
          done.get().status(),
          done.get().runId());
      return done.get();
    }
    HyperParameters point = plan.trial(number).hyperParameters();
    Run run =
        tracker.startRun(
            settings.experiment(),
            Optional.of(plan.runId()),
            Map.of(
                DATASET_TAG,
                dataset.id(),
                ROLE_TAG,
                "trial",
                "spamflow.trial",
                "" + number,
                TrainingAttempt.ATTEMPT_TAG,
                Integer.toString(attempt.number())));
    attempt.trialStarted(run.id());
    boolean closed = false;
    try {
      tracker.logParams(run.id(), params(point));
      CuratedManifest curated = in.curated();
      TrainingConfig defaults =
          new TrainingConfig(
              point,
              curated.validationFraction(),
              curated.testFraction(),
              settings.blockedHamCeiling());
      // Trials already run side by side: share the cores among them rather than oversubscribe.
      TrainingConfig config =
          defaults.with(
              defaults.folds(),
              Math.max(1, defaults.parallelism() / settings.parallelism()),
              defaults.ngramBits());
      List<dev.spamflow.core.data.Message> development = new ArrayList<>(in.split().train());
      development.addAll(in.split().validation());
      TrainedModel model;
      try {
        model =
            SpamModelTraining.train(
                sources(in.raw(), curated),
                in.raw().contentHash(),
                in.raw().counts(),
                in.split(),
                curated.seed(),
                config,
                new EpochLogger(run.id(), attempt, HopelessTrial.forMessages(development)));
      } catch (HopelessTrial.Stopped stopped) {
        tracker.setTags(run.id(), Map.of(STOPPED_TAG, stopped.getMessage()));
        tracker.finishRun(run.id(), RunStatus.KILLED);
        closed = true;
        LOG.info(
            "train: dataset {} trial {} {}: {}",
            dataset.id(),
            number,
            params(point),
            stopped.getMessage());
        return record(
            dataset,
            in.retrain(),
            new TrialOutcome(
                number, run.id(), TrialOutcome.Status.STOPPED, 0, stopped.getMessage(), List.of()));
      }
      Path bundle = in.staged().file("trial-" + number);
      BundleManifest manifest = ModelBundle.save(model, bundle);
      tracker.uploadArtifacts(
          run.id(), bundle.resolve(ModelFiles.TRAINING_CURVES), CHARTS_ARTIFACTS);
      tracker.uploadArtifacts(
          run.id(), bundle.resolve(ModelFiles.CONFUSION_MATRIX), CHARTS_ARTIFACTS);
      for (Map.Entry<String, Double> metric : metrics(manifest).entrySet()) {
        tracker.logMetric(run.id(), metric.getKey(), metric.getValue(), 0);
      }
      List<dev.spamflow.pipeline.FileEntry> files = new ArrayList<>();
      try (java.util.stream.Stream<Path> listing = java.nio.file.Files.list(bundle)) {
        for (Path file : listing.filter(java.nio.file.Files::isRegularFile).sorted().toList()) {
          files.add(
              StagedFiles.upload(
                  store,
                  trialsFolder(dataset, in.retrain())
                      + number
                      + "/"
                      + run.id()
                      + "/"
                      + MODEL_ARTIFACTS
                      + "/"
                      + file.getFileName(),
                  file,
                  "application/octet-stream",
                  0));
        }
      }
      tracker.finishRun(run.id(), RunStatus.FINISHED);
      closed = true;
      LOG.info(
          "train: dataset {} trial {} {} -> validation F1 {}",
          dataset.id(),
          number,
          params(point),
          manifest.validation().f1());
      return record(
          dataset,
          in.retrain(),
          new TrialOutcome(
              number,
              run.id(),
              TrialOutcome.Status.FINISHED,
              manifest.validation().f1(),
              "",
              files));
    } finally {
      if (!closed) {
        finishQuietly(run.id(), RunStatus.FAILED);
      }
    }
  }

  /** Writes a trial's outcome once; when another process wrote it first, that one counts. */
  private TrialOutcome record(DatasetRef dataset, String retrain, TrialOutcome outcome) {
    String key = outcomeKey(dataset, retrain, outcome.number());
    byte[] json = Manifests.toJson(outcome);
    if (store
        .putIfAbsent(key, new ByteArrayInputStream(json), json.length, "application/json", Map.of())
        .isEmpty()) {
      LOG.info(
          "train: trial {} of dataset {} ended elsewhere first; keeping that outcome",
          outcome.number(),
          dataset.id());
      return Manifests.read(store, key, TrialOutcome.class);
    }
    return outcome;
  }

  /** Logs each epoch's figures to a trial's run, the epoch as the step; stops a hopeless trial. */
  private final class EpochLogger implements TrainingListener {
    private final String runId;
    private final TrainingAttempt attempt;
    private final HopelessTrial hopeless;

    EpochLogger(String runId, TrainingAttempt attempt, HopelessTrial hopeless) {
      this.runId = runId;
      this.attempt = attempt;
      this.hopeless = hopeless;
    }

    @Override
    public void onPhase(String line) {
      attempt.beat();
    }

    @Override
    public void onEpoch(EpochRecord record) {
      attempt.beat();
      tracker.logMetric(runId, "epoch_train_loss", record.trainLoss(), record.epoch());
      tracker.logMetric(runId, "epoch_validation_loss", record.validationLoss(), record.epoch());
      tracker.logMetric(runId, "epoch_validation_f1", record.validationF1(), record.epoch());
      if (!Double.isNaN(record.validationRocAuc())) {
        tracker.logMetric(
            runId, "epoch_validation_roc_auc", record.validationRocAuc(), record.epoch());
      }
      tracker.logMetric(runId, "epoch_millis", (double) record.millis(), record.epoch());
      hopeless.onEpoch(record);
    }
  }

  /** What {@code training/<id>/result.json} holds. */
  record Remembered(
      String runId,
      String bestTrialRunId,
      String bundleUri,
      Map<String, Double> metrics,
      Map<String, String> params,
      int trials) {}

  private TrainResult remember(TrainResult result, String retrain) {
    byte[] json =
        Manifests.toJson(
            new Remembered(
                result.runId(),
                result.bestTrialRunId(),
                result.bundleUri(),
                result.metrics(),
                result.params(),
                result.trials()));
    if (store
        .putIfAbsent(
            resultKey(result.dataset(), retrain),
            new ByteArrayInputStream(json),
            json.length,
            "application/json",
            Map.of())
        .isEmpty()) {
      // A concurrent delivery finished first; its candidate is the one that counts.
      LOG.info("train: dataset {} was trained concurrently; keeping that result", result.dataset());
      return earlier(result.dataset(), retrain).orElse(result);
    }
    return result;
  }

  /** Returns the finished search of a dataset, if its pointer exists and names a tagged run. */
  private Optional<TrainResult> earlier(DatasetRef dataset, String retrain) {
    String key = resultKey(dataset, retrain);
    if (store.stat(key).isEmpty()) {
      return Optional.empty();
    }
    Remembered remembered = Manifests.read(store, key, Remembered.class);
    try {
      Run run = tracker.getRun(remembered.runId());
      if (!dataset.id().equals(run.tags().get(DATASET_TAG))) {
        throw new IllegalStateException(
            "object '"
                + key
                + "' names run "
                + run.id()
                + ", which is not tagged with the dataset");
      }
    } catch (RegistryEntryNotFoundException e) {
      // The pointer outlived its registry (a wiped local registry): train again.
      LOG.warn("train: '{}' names run {}, which is gone; training again", key, remembered.runId());
      store.delete(key);
      return Optional.empty();
    }
    return Optional.of(
        new TrainResult(
            TrainResult.Status.ALREADY_TRAINED,
            dataset,
            remembered.runId(),
            remembered.bestTrialRunId(),
            remembered.bundleUri(),
            remembered.metrics(),
            remembered.params(),
            remembered.trials(),
            ""));
  }

  private void finishQuietly(String runId, RunStatus status) {
    try {
      tracker.finishRun(runId, status);
    } catch (RuntimeException e) {
      // The original failure is what the caller must see; a run left RUNNING is only cosmetic.
      LOG.warn("train: cannot mark run {} {}: {}", runId, status, e.toString());
    }
  }

  /**
   * Returns the hyper-parameters as run params.
   *
   * @param p the hyper-parameters
   * @return params by name, values as strings
   */
  static Map<String, String> params(HyperParameters p) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("embedding_dim", Integer.toString(p.embeddingDim()));
    out.put("lstm_units", Integer.toString(p.lstmUnits()));
    out.put("dropout", Double.toString(p.dropout()));
    out.put("batch_size", Integer.toString(p.batchSize()));
    out.put("epochs", Integer.toString(p.epochs()));
    out.put("max_len", Integer.toString(p.maxLen()));
    out.put("vocab_size", Integer.toString(p.vocabSize()));
    out.put("learning_rate", Double.toString(p.learningRate()));
    out.put("patience", Integer.toString(p.patience()));
    out.put("seed", Long.toString(p.seed()));
    return out;
  }

  /**
   * Returns a bundle's headline metrics by name; undefined values (a ROC-AUC with one class) are
   * left out. {@code validation_*} are the cross-validated (out-of-fold) figures of a format-2
   * bundle, {@code test_*} its held-out figures; {@code threshold_bound} the cross-validated
   * blocked-ham bound, and the {@code ensemble_*} weights say how much each half counts.
   *
   * @param manifest the bundle manifest
   * @return metrics by name
   */
  public static Map<String, Double> metrics(BundleManifest manifest) {
    Map<String, Double> out = new LinkedHashMap<>();
    out.putAll(manifest.validation().asMap(Metrics.Names.VALIDATION));
    out.putAll(manifest.test().asMap(Metrics.Names.TEST));
    out.put("baseline_test_f1", manifest.baselineTest().f1());
    out.put("threshold", manifest.threshold());
    out.put("best_epoch", (double) manifest.bestEpoch());
    if (manifest.hasEnsemble()) {
      out.put("threshold_bound", manifest.thresholdChoice().bound());
      out.put("ensemble_lstm_weight", manifest.ensemble().lstmWeight());
      out.put("ensemble_ngram_weight", manifest.ensemble().ngramWeight());
      out.put("refit_messages", (double) manifest.refit().messages());
    }
    return out;
  }

  private static Map<String, String> prefixed(String prefix, Map<String, String> params) {
    Map<String, String> out = new LinkedHashMap<>();
    params.forEach((k, v) -> out.put(prefix + k, v));
    return out;
  }

  /**
   * What a bundle records as its sources: the uploaded file, and the curated Delta table at the
   * version training read ({@code delta:<table>@<version>}), from which the same data can be read
   * again however much has been appended since.
   */
  static List<String> sources(RawManifest raw, CuratedManifest curated) {
    if (curated.tables() == null) {
      return List.of(raw.source().key());
    }
    CuratedManifest.TableVersion table = curated.tables().curated();
    return List.of(raw.source().key(), "delta:" + table.key() + "@" + table.version());
  }

  /** The Delta tables and versions a search read, for its MLflow run. */
  static Map<String, String> tableParams(CuratedManifest curated) {
    if (curated.tables() == null) {
      return Map.of();
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("curated_table", curated.tables().curated().key());
    params.put("curated_table_version", Long.toString(curated.tables().curated().version()));
    params.put("features_table", curated.tables().features().key());
    params.put("features_table_version", Long.toString(curated.tables().features().version()));
    return params;
  }
}
