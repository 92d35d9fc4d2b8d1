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
 * protocol, several at once if {@link TrainSettings#parallelism()} allows), and keeps the trial
 * with the best cross-validated F1 — out of fold over every development message, not a few hundred
 * validation messages — as the candidate.
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
 * same parent run once its lease has run out, so the tracker holds one search run per dataset.
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
    if (!RETRAIN_NAME.matcher(retrain).matches()) {
      throw new IllegalArgumentException(
          "a retraining's name must match " + RETRAIN_NAME.pattern() + ": '" + retrain + "'");
    }
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
      LOG.info(
          "train: dataset {}{} was trained before; nothing to do",
          dataset.id(),
          retrain.isEmpty() ? "" : " (retraining " + retrain + ")");
      return earlier.get();
    }
    CuratedManifest curated;
    try {
      curated = CuratedData.manifest(store, dataset);
    } catch (ObjectNotFoundException e) {
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
    RawManifest raw = CuratedData.rawManifest(store, curated);
    try (StagedFiles staged = StagedFiles.create(settings.tempDirectory(), "train-")) {
      DataSplit split = CuratedData.split(store, curated, staged);
      FeedbackLabels.Collected feedback =
          retrain.isEmpty() ? FeedbackLabels.Collected.NONE : feedback(dataset, retrain, split);
      return search(dataset, retrain, curated, raw, feedback.addTo(split), feedback, staged);
    }
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

  private TrainResult search(
      DatasetRef dataset,
      String retrain,
      CuratedManifest curated,
      RawManifest raw,
      DataSplit split,
      FeedbackLabels.Collected feedback,
      StagedFiles staged) {
    HyperParameters base =
        retrain.isEmpty()
            ? settings.base()
            : settings.base().withSeed(settings.base().seed() ^ retrain.hashCode());
    List<HyperParameters> points =
        settings.space().sample(base, settings.trialBudget(), settings.maxEpochs());
    Map<String, String> tags = new java.util.LinkedHashMap<>();
    tags.put(DATASET_TAG, dataset.id());
    tags.put(ROLE_TAG, "search");
    if (!retrain.isEmpty()) {
      tags.put(RETRAIN_TAG, retrain);
      // Where the feedback labels came from: the list of reports, each naming its object.
      tags.put(FEEDBACK_TAG, folder(dataset, retrain) + FEEDBACK_FILE);
    }
    TrainingAttempt attempt =
        TrainingAttempt.begin(
            store,
            tracker,
            clock,
            settings.lease(),
            dataset,
            retrain,
            () -> tracker.startRun(settings.experiment(), Optional.empty(), tags));
    Run parent = tracker.getRun(attempt.runId());
    boolean finished = false;
    // The marker's heartbeat comes from a timer, not only from training progress: a trial's first
    // epoch can run for longer than the lease on a loaded machine, and a redelivery must not take
    // an attempt over while its process is alive (seen in UploadToChampionIT under load: two
    // attempts of one search ran side by side).
    ScheduledExecutorService heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "train-heartbeat-" + dataset.id());
              thread.setDaemon(true);
              return thread;
            });
    ScheduledFuture<?> unusedBeats =
        heartbeat.scheduleWithFixedDelay(
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
    try {
      Map<String, String> searchParams = new LinkedHashMap<>();
      searchParams.put("trial_budget", Integer.toString(settings.trialBudget()));
      searchParams.put("trials", Integer.toString(points.size()));
      searchParams.put("max_epochs", Integer.toString(settings.maxEpochs()));
      searchParams.put("seed", Long.toString(settings.base().seed()));
      searchParams.put("parallelism", Integer.toString(settings.parallelism()));
      searchParams.put("dataset_id", dataset.id());
      searchParams.put("code_version", BuildInfo.codeVersion());
      searchParams.put("tokeniser_version", Integer.toString(TextFeatures.VERSION));
      searchParams.put("feedback_labels", Integer.toString(feedback.messages().size()));
      searchParams.putAll(tableParams(curated));
      tracker.logParams(parent.id(), searchParams);
      List<Trial> trials = runTrials(attempt, dataset, curated, raw, split, staged, points);
      Trial best =
          trials.stream()
              // validation() is the out-of-fold figure over all development messages.
              .max(Comparator.comparingDouble(t -> t.manifest().validation().f1()))
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "every trial of the search on dataset " + dataset.id() + " failed"));
      Map<String, Double> metrics = metrics(best.manifest());
      Map<String, String> params = params(best.manifest().hyperParameters());
      tracker.logParams(parent.id(), prefixed("best_", params));
      for (Map.Entry<String, Double> metric : metrics.entrySet()) {
        tracker.logMetric(parent.id(), metric.getKey(), metric.getValue(), 0);
      }
      Path zip = staged.file(BUNDLE_ZIP);
      try {
        ModelBundle.zip(best.bundle(), zip);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot zip bundle " + best.bundle(), e);
      }
      tracker.uploadArtifacts(parent.id(), best.bundle(), MODEL_ARTIFACTS);
      tracker.uploadArtifacts(parent.id(), zip, "");
      tracker.setTags(parent.id(), Map.of(BEST_TRIAL_TAG, best.runId()));
      TrainResult result =
          new TrainResult(
              TrainResult.Status.TRAINED,
              dataset,
              parent.id(),
              best.runId(),
              "runs:/" + parent.id() + "/" + MODEL_ARTIFACTS,
              metrics,
              params,
              trials.size(),
              "");
      tracker.finishRun(parent.id(), RunStatus.FINISHED);
      finished = true;
      TrainResult remembered = remember(result, retrain);
      stopBeating(heartbeat);
      attempt.finished();
      return remembered;
    } finally {
      stopBeating(heartbeat);
      if (!finished) {
        finishQuietly(parent.id(), RunStatus.FAILED);
      }
    }
  }

  /** Stops the heartbeat and waits for a beat in flight, so none lands after the marker is gone. */
  private static void stopBeating(ScheduledExecutorService heartbeat) {
    heartbeat.shutdownNow();
    try {
      if (!heartbeat.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("train: a heartbeat write did not end within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private List<Trial> runTrials(
      TrainingAttempt attempt,
      DatasetRef dataset,
      CuratedManifest curated,
      RawManifest raw,
      DataSplit split,
      StagedFiles staged,
      List<HyperParameters> points) {
    ExecutorService pool = Executors.newFixedThreadPool(settings.parallelism());
    try {
      List<Future<Trial>> futures = new ArrayList<>();
      for (int i = 0; i < points.size(); i++) {
        int number = i + 1;
        HyperParameters point = points.get(i);
        futures.add(
            pool.submit(() -> trial(attempt, dataset, curated, raw, split, staged, number, point)));
      }
      List<Trial> done = new ArrayList<>();
      for (int i = 0; i < futures.size(); i++) {
        try {
          done.add(futures.get(i).get());
        } catch (ExecutionException e) {
          // One failed trial (out of memory for a large point, say) must not lose the others.
          LOG.warn("train: trial {} of dataset {} failed", i + 1, dataset.id(), e.getCause());
        }
      }
      return done;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while training dataset " + dataset.id(), e);
    } finally {
      pool.shutdownNow();
    }
  }

  private Trial trial(
      TrainingAttempt attempt,
      DatasetRef dataset,
      CuratedManifest curated,
      RawManifest raw,
      DataSplit split,
      StagedFiles staged,
      int number,
      HyperParameters point)
      throws IOException {
    Run run =
        tracker.startRun(
            settings.experiment(),
            Optional.of(attempt.runId()),
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
    boolean finished = false;
    try {
      tracker.logParams(run.id(), params(point));
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
      TrainedModel model =
          SpamModelTraining.train(
              sources(raw, curated),
              raw.contentHash(),
              raw.counts(),
              split,
              curated.seed(),
              config,
              new EpochLogger(run.id(), attempt));
      Path bundle = staged.file("trial-" + number);
      BundleManifest manifest = ModelBundle.save(model, bundle);
      tracker.uploadArtifacts(
          run.id(), bundle.resolve(ModelFiles.TRAINING_CURVES), CHARTS_ARTIFACTS);
      tracker.uploadArtifacts(
          run.id(), bundle.resolve(ModelFiles.CONFUSION_MATRIX), CHARTS_ARTIFACTS);
      for (Map.Entry<String, Double> metric : metrics(manifest).entrySet()) {
        tracker.logMetric(run.id(), metric.getKey(), metric.getValue(), 0);
      }
      tracker.finishRun(run.id(), RunStatus.FINISHED);
      finished = true;
      LOG.info(
          "train: dataset {} trial {} {} -> validation F1 {}",
          dataset.id(),
          number,
          params(point),
          manifest.validation().f1());
      return new Trial(run.id(), bundle, manifest);
    } finally {
      if (!finished) {
        finishQuietly(run.id(), RunStatus.FAILED);
      }
    }
  }

  /** Logs each epoch's figures to a trial's run, the epoch as the step. */
  private final class EpochLogger implements TrainingListener {
    private final String runId;
    private final TrainingAttempt attempt;

    EpochLogger(String runId, TrainingAttempt attempt) {
      this.runId = runId;
      this.attempt = attempt;
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
    }
  }

  private record Trial(String runId, Path bundle, BundleManifest manifest) {}

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
