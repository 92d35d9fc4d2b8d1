package dev.spamflow.pipeline.register;

import dev.spamflow.core.data.Label;
import dev.spamflow.core.data.Message;
import dev.spamflow.core.model.Metrics;
import dev.spamflow.core.model.ThresholdChoice;
import dev.spamflow.core.port.ExperimentTracker;
import dev.spamflow.core.port.ModelRegistry;
import dev.spamflow.core.port.ModelVersion;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.core.port.Run;
import dev.spamflow.core.serving.BundleManifest;
import dev.spamflow.core.serving.SpamPredictor;
import dev.spamflow.events.ModelTrained;
import dev.spamflow.pipeline.CuratedManifest;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.StagedFiles;
import dev.spamflow.pipeline.train.CuratedData;
import dev.spamflow.pipeline.train.TrainFunction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The register stage: registers a trained run's bundle (the {@value TrainFunction#MODEL_ARTIFACTS}
 * folder of its artifacts) as a new version of the model, scores it and the current champion on the
 * candidate dataset's held-out test part with the fast forward pass ({@link SpamPredictor}, each at
 * its own threshold), and applies the gate.
 *
 * <p><b>The gate.</b> The candidate takes the alias when both hold:
 *
 * <ol>
 *   <li>its blocked-ham rate (ham called spam) is within {@link
 *       RegisterSettings#blockedHamCeiling()} — also for the first model, since a model that blocks
 *       real messages must never serve. For a format-2 bundle that is its cross-validated bound
 *       ({@code thresholdChoice.bound}, over every development ham); for a format-1 bundle its rate
 *       on the test part;
 *   <li>there is no champion, or the candidate's test F1 is at least the champion's test F1 minus
 *       {@link RegisterSettings#f1Tolerance()}. Both are on the dataset's test part: the champion
 *       scored there now; a format-2 candidate by its recorded held-out figures (its twin trained
 *       without the test part, since the shipped model was refitted on it), a format-1 candidate
 *       scored there.
 * </ol>
 *
 * Otherwise the alias stays where it is and the run is tagged {@value #OUTCOME_TAG}{@code
 * =rejected} with the reason ({@value #REASON_TAG}).
 *
 * <p><b>Idempotent per run id.</b> The gate's verdict is written to the run (tags and {@code gate.}
 * metrics) after the alias moved. A second call for the same run finds its version and that verdict
 * and returns it without registering, scoring or moving anything; a call that finds the version but
 * no verdict (an earlier call stopped half-way) runs the gate on that version.
 *
 * <p>The registry port cannot tag an existing version, so the verdict lives on the run; the version
 * carries the run's dataset id from registration.
 */
public final class RegisterFunction implements Function<ModelTrained, RegisterResult> {

  /** Run tag holding the gate's verdict, {@code promoted} or {@code rejected}. */
  public static final String OUTCOME_TAG = "spamflow.gate.outcome";

  /** Run tag holding the reason for the verdict. */
  public static final String REASON_TAG = "spamflow.gate.reason";

  /** Run tag holding the version the gate judged. */
  public static final String VERSION_TAG = "spamflow.gate.version";

  /** Run tag holding the version that held the alias when the gate ran, or {@code none}. */
  public static final String CHAMPION_TAG = "spamflow.gate.champion_version";

  private static final String CANDIDATE_METRIC = "gate.candidate.";
  private static final String CHAMPION_METRIC = "gate.champion.";
  private static final String NONE = "none";

  private static final Logger LOG = LoggerFactory.getLogger(RegisterFunction.class);

  private final ObjectStore store;
  private final ExperimentTracker tracker;
  private final ModelRegistry registry;
  private final RegisterSettings settings;
  private final ReentrantLock gateLock = new ReentrantLock();

  /**
   * Creates the stage.
   *
   * @param store where the curated test part is read
   * @param tracker where the candidate's metrics are read and the verdict is recorded
   * @param registry where versions are registered and the alias moved
   * @param settings the settings
   */
  public RegisterFunction(
      ObjectStore store,
      ExperimentTracker tracker,
      ModelRegistry registry,
      RegisterSettings settings) {
    this.tracker = Objects.requireNonNull(tracker, "tracker");
    this.store = Objects.requireNonNull(store, "store");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * Registers and gates one trained candidate.
   *
   * @param trained the candidate: its run (holding the bundle under {@value
   *     TrainFunction#MODEL_ARTIFACTS}) and its dataset (whose test part the gate scores)
   * @return the verdict; {@link RegisterResult#repeated()} when the run had been gated before
   * @throws dev.spamflow.core.port.RegistryEntryNotFoundException if the run does not exist
   * @throws IllegalArgumentException if the run has no bundle under {@value
   *     TrainFunction#MODEL_ARTIFACTS}, or the dataset id is invalid
   * @throws dev.spamflow.core.port.ObjectNotFoundException if the dataset's curated parts are gone
   * @throws IllegalStateException naming the key when the test part does not match its manifest
   * @throws UncheckedIOException when a downloaded bundle cannot be loaded
   * @throws dev.spamflow.core.port.ModelRegistryException when the registry fails (worth a retry)
   */
  @Override
  public RegisterResult apply(ModelTrained trained) {
    // One gate at a time in this process: reading the champion, comparing and moving the alias
    // must not interleave with another candidate's (the Knative Service adds containerConcurrency
    // 1 and max-scale 1; the local system holds its data directory's lock).
    gateLock.lock();
    try {
      return registerAndGate(trained);
    } finally {
      gateLock.unlock();
    }
  }

  private RegisterResult registerAndGate(ModelTrained trained) {
    DatasetRef dataset = new DatasetRef(trained.datasetId());
    Optional<ModelVersion> existing =
        registry.versions(settings.model()).stream()
            .filter(v -> v.runId().equals(trained.runId()))
            .findFirst();
    if (existing.isPresent()) {
      Optional<RegisterResult> recorded = recorded(existing.get());
      if (recorded.isPresent()) {
        LOG.info(
            "register: run {} was registered and gated before as version {}; nothing to do",
            trained.runId(),
            existing.get().version());
        return recorded.get();
      }
      return gate(existing.get(), dataset);
    }
    ModelVersion version =
        registry.registerVersion(
            settings.model(),
            trained.runId(),
            TrainFunction.MODEL_ARTIFACTS,
            Map.of(TrainFunction.DATASET_TAG, dataset.id()));
    LOG.info(
        "register: run {} is {} version {}", trained.runId(), version.model(), version.version());
    return gate(version, dataset);
  }

  private RegisterResult gate(ModelVersion candidate, DatasetRef dataset) {
    Optional<ModelVersion> champion =
        registry
            .versionByAlias(settings.model(), settings.alias())
            // Holding the alias already means an earlier call promoted it and stopped before
            // recording the verdict: there is nothing to compare against.
            .filter(v -> v.version() != candidate.version());
    Metrics candidateMetrics;
    BundleManifest candidateManifest;
    Optional<Metrics> championMetrics;
    try (StagedFiles staged = StagedFiles.create(settings.tempDirectory(), "register-")) {
      CuratedManifest curated = CuratedData.manifest(store, dataset);
      CuratedManifest.Part testPart =
          curated.parts().stream()
              .filter(p -> p.name().equals("test"))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "curated dataset " + dataset.id() + " has no test part"));
      List<Message> test = CuratedData.messages(store, testPart, staged);
      SpamPredictor candidatePredictor = load(candidate, staged.file("candidate"));
      candidateManifest = candidatePredictor.manifest();
      // A format-2 candidate was refitted on every message, the test part included, so scoring it
      // there would flatter it; its held-out figures come from its twin trained without that part.
      candidateMetrics =
          candidateManifest.hasEnsemble()
              ? candidateManifest.test()
              : score(candidatePredictor, test);
      championMetrics =
          champion.map(v -> score(load(v, staged.file("champion-" + v.version())), test));
    }
    List<String> failures = new ArrayList<>();
    if (candidateManifest.hasEnsemble()) {
      ThresholdChoice choice = candidateManifest.thresholdChoice();
      // The ceiling is judged on the cross-validated bound, over every development ham, rather
      // than on the few hundred ham of the test part, where one message is 0.1 %.
      if (!choice.ceilingSupported() || choice.bound() > settings.blockedHamCeiling()) {
        failures.add(
            "cross-validated blocked-ham bound "
                + percent(choice.bound())
                + " (over "
                + choice.ham()
                + " ham) is above the ceiling of "
                + percent(settings.blockedHamCeiling()));
      }
    } else if (candidateMetrics.blockedHamRate() > settings.blockedHamCeiling()) {
      failures.add(
          "test blocked-ham rate "
              + percent(candidateMetrics.blockedHamRate())
              + " is above the ceiling of "
              + percent(settings.blockedHamCeiling()));
    }
    if (championMetrics.isPresent()
        && candidateMetrics.f1() < championMetrics.get().f1() - settings.f1Tolerance()) {
      failures.add(
          "test F1 "
              + number(candidateMetrics.f1())
              + " is below champion version "
              + champion.orElseThrow().version()
              + "'s "
              + number(championMetrics.get().f1())
              + " minus the tolerance of "
              + number(settings.f1Tolerance()));
    }
    boolean promote = failures.isEmpty();
    String ceilingFigure =
        candidateManifest.hasEnsemble()
            ? "cross-validated blocked-ham bound "
                + percent(candidateManifest.thresholdChoice().bound())
                + " (over "
                + candidateManifest.thresholdChoice().ham()
                + " ham)"
            : "test blocked-ham rate " + percent(candidateMetrics.blockedHamRate());
    String reason;
    if (!promote) {
      reason = String.join("; ", failures);
    } else if (championMetrics.isEmpty()) {
      reason =
          "no champion to beat; "
              + ceilingFigure
              + " is within the ceiling of "
              + percent(settings.blockedHamCeiling());
    } else {
      reason =
          "test F1 "
              + number(candidateMetrics.f1())
              + " against champion version "
              + champion.orElseThrow().version()
              + "'s "
              + number(championMetrics.get().f1())
              + " (tolerance "
              + number(settings.f1Tolerance())
              + "); "
              + ceilingFigure
              + " is within the ceiling of "
              + percent(settings.blockedHamCeiling());
    }
    if (promote) {
      registry.setAlias(settings.model(), settings.alias(), candidate.version());
    }
    RegisterResult result =
        new RegisterResult(
            promote ? RegisterResult.Outcome.PROMOTED : RegisterResult.Outcome.REJECTED,
            settings.model(),
            candidate.version(),
            settings.alias(),
            candidate.runId(),
            bundleUri(candidate),
            candidateMetrics.asMap(""),
            champion.map(v -> OptionalInt.of(v.version())).orElse(OptionalInt.empty()),
            championMetrics.map(m -> m.asMap("")).orElse(Map.of()),
            reason,
            false);
    record(result);
    LOG.info(
        "register: {} version {} {}: {}",
        settings.model(),
        candidate.version(),
        result.outcome(),
        reason);
    return result;
  }

  private SpamPredictor load(ModelVersion version, Path directory) {
    registry.downloadVersion(settings.model(), version.version(), directory);
    try {
      return SpamPredictor.load(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(
          settings.model() + " version " + version.version() + " is not a loadable bundle", e);
    }
  }

  private static Metrics score(SpamPredictor predictor, List<Message> test) {
    double[] scores = new double[test.size()];
    boolean[] isSpam = new boolean[test.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = predictor.spamProbability(test.get(i).text());
      isSpam[i] = test.get(i).label() == Label.SPAM;
    }
    return Metrics.compute(scores, isSpam, predictor.threshold());
  }

  /** Writes the verdict to the candidate's run, after the alias moved (see the class comment). */
  private void record(RegisterResult result) {
    long step = result.version();
    result
        .metrics()
        .forEach((k, v) -> tracker.logMetric(result.runId(), CANDIDATE_METRIC + k, v, step));
    result
        .championMetrics()
        .forEach((k, v) -> tracker.logMetric(result.runId(), CHAMPION_METRIC + k, v, step));
    tracker.setTags(
        result.runId(),
        Map.of(
            OUTCOME_TAG,
            result.outcome().name().toLowerCase(Locale.ROOT),
            REASON_TAG,
            result.reason(),
            VERSION_TAG,
            Integer.toString(result.version()),
            CHAMPION_TAG,
            result.champion().isPresent() ? Integer.toString(result.champion().getAsInt()) : NONE));
  }

  /** Returns the verdict an earlier call wrote to the version's run, if it wrote one. */
  private Optional<RegisterResult> recorded(ModelVersion version) {
    Run run = tracker.getRun(version.runId());
    Map<String, String> tags = run.tags();
    if (!Integer.toString(version.version()).equals(tags.get(VERSION_TAG))
        || !tags.containsKey(OUTCOME_TAG)) {
      return Optional.empty();
    }
    String championTag = tags.getOrDefault(CHAMPION_TAG, NONE);
    return Optional.of(
        new RegisterResult(
            RegisterResult.Outcome.valueOf(tags.get(OUTCOME_TAG).toUpperCase(Locale.ROOT)),
            settings.model(),
            version.version(),
            settings.alias(),
            version.runId(),
            bundleUri(version),
            withPrefix(run.metrics(), CANDIDATE_METRIC),
            championTag.equals(NONE)
                ? OptionalInt.empty()
                : OptionalInt.of(Integer.parseInt(championTag)),
            withPrefix(run.metrics(), CHAMPION_METRIC),
            tags.getOrDefault(REASON_TAG, ""),
            true));
  }

  private static Map<String, Double> withPrefix(Map<String, Double> metrics, String prefix) {
    Map<String, Double> out = new LinkedHashMap<>();
    metrics.forEach(
        (k, v) -> {
          if (k.startsWith(prefix)) {
            out.put(k.substring(prefix.length()), v);
          }
        });
    return out;
  }

  private String bundleUri(ModelVersion version) {
    return "models:/" + version.model() + "/" + version.version();
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.2f %%", share * 100);
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }
}
