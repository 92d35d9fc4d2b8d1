package dev.spamflow.pipeline.drift;

import dev.spamflow.core.drift.DriftDetector;
import dev.spamflow.core.drift.DriftEmbedder;
import dev.spamflow.core.drift.DriftReference;
import dev.spamflow.core.drift.DriftReport;
import dev.spamflow.core.drift.DriftReportHtml;
import dev.spamflow.core.port.DriftMetric;
import dev.spamflow.core.port.DriftRecorder;
import dev.spamflow.core.port.DriftRun;
import dev.spamflow.core.port.ModelRegistry;
import dev.spamflow.core.port.ModelVersion;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.core.predictions.PredictionRecord;
import dev.spamflow.core.serving.BundleFiles;
import dev.spamflow.core.serving.BundleManifest;
import dev.spamflow.core.serving.SpamPredictor;
import dev.spamflow.events.DriftDetected;
import dev.spamflow.pipeline.train.TrainFunction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drift stage: compares a window of the prediction log with the champion's drift reference
 * ({@link DriftDetector}), stores the report as {@code reports/drift/<run id>/report.json} and
 * {@code report.html}, records its metrics ({@link DriftRecorder}) and, when the window drifted,
 * returns the {@link DriftDetected} event that starts a retraining.
 *
 * <p><b>The window</b> ends at the check's time (the PingSource's event time, to the second) and
 * reaches back {@link DriftSettings#window()}, or holds the last {@link
 * DriftSettings#lastMessages()} predictions.
 *
 * <p><b>Idempotent per window and model version.</b> The run id is the window's end, the model and
 * its version ({@code 20261202T060000Z-spam-detector-v3}). A check that finds its report stored
 * returns it as it was, records it again (which replaces, never adds, rows) and yields the same
 * event; the detector is seeded, so even a check repeated after a crash between the two writes
 * stores the same report.
 *
 * <p>Nothing to compare — no champion, a champion trained before bundles carried a reference, or a
 * window of fewer than {@link DriftDetector#MIN_WINDOW} predictions — gives a report that says so
 * and no event.
 */
public final class DriftFunction implements Function<Instant, DriftResult> {
  private static final Logger LOG = LoggerFactory.getLogger(DriftFunction.class);

  /** Where drift reports go. */
  public static final String REPORTS_PREFIX = "reports/drift/";

  /** A report's JSON inside its folder. */
  public static final String REPORT_JSON = "report.json";

  /** A report's HTML page inside its folder. */
  public static final String REPORT_HTML = "report.html";

  private static final DateTimeFormatter RUN_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final ObjectStore store;
  private final ModelRegistry registry;
  private final DriftRecorder recorder;
  private final DriftSettings settings;
  private final Clock clock;

  /**
   * Creates the stage.
   *
   * @param store holds the prediction log and receives the reports
   * @param registry where the champion is found and downloaded
   * @param recorder receives each run's metrics
   * @param settings window and model
   * @param clock stamps the record's check time
   */
  public DriftFunction(
      ObjectStore store,
      ModelRegistry registry,
      DriftRecorder recorder,
      DriftSettings settings,
      Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.recorder = Objects.requireNonNull(recorder, "recorder");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Checks the window that ends at {@code checkTime}.
   *
   * @param checkTime when the check was asked for; the window ends there (to the second)
   * @return what was found and the event to publish, if the window drifted
   */
  @Override
  public DriftResult apply(Instant checkTime) {
    Instant end = checkTime.truncatedTo(ChronoUnit.SECONDS);
    Optional<ModelVersion> champion = registry.versionByAlias(settings.model(), settings.alias());
    String version = champion.map(v -> Integer.toString(v.version())).orElse("none");
    String runId = RUN_TIME.format(end) + "-" + settings.model() + "-v" + version;
    String reportKey = REPORTS_PREFIX + runId + "/";

    Optional<DriftReport> stored = storedReport(reportKey);
    if (stored.isPresent()) {
      DriftReport report = stored.get();
      record(runId, reportKey, version, report);
      LOG.info("drift run {} was checked before; its stored report stands", runId);
      return result(runId, reportKey, champion, report, true);
    }

    PredictionWindow window =
        settings.lastMessages() > 0
            ? PredictionWindow.last(store, end, settings.lastMessages(), DriftSettings.MAX_LOOKBACK)
            : PredictionWindow.between(
                store, end.minus(settings.window()), end, settings.maxMessages());
    Map<String, String> windowFields = new LinkedHashMap<>();
    windowFields.put("start", window.start().toString());
    windowFields.put("end", window.end().toString());
    windowFields.put("messages", Integer.toString(window.records().size()));
    windowFields.put("unreadable", Integer.toString(window.unreadable()));
    Map<String, String> modelFields = new LinkedHashMap<>();
    modelFields.put("name", settings.model());
    modelFields.put("version", version);
    modelFields.put("alias", settings.alias());

    DriftReport report;
    if (champion.isEmpty()) {
      report =
          new DriftReport(
              DriftReport.FORMAT_VERSION,
              DriftResult.NO_CHAMPION,
              "no version of "
                  + settings.model()
                  + " holds the alias "
                  + settings.alias()
                  + " yet; drift is checked once a model serves",
              false,
              modelFields,
              windowFields,
              0,
              null,
              null,
              0);
    } else {
      report = detect(champion.get(), window).describing(modelFields, windowFields);
    }
    writeReport(reportKey, report);
    record(runId, reportKey, version, report);
    LOG.info(
        "drift run {}: {} ({} predictions){}",
        runId,
        report.status(),
        window.records().size(),
        report.drifted() ? ", drifted" : "");
    return result(runId, reportKey, champion, report, false);
  }

  private DriftReport detect(ModelVersion champion, PredictionWindow window) {
    List<String> texts = new ArrayList<>(window.records().size());
    for (PredictionRecord record : window.records()) {
      texts.add(record.text());
    }
    Path download;
    try {
      Files.createDirectories(settings.tempDirectory());
      download = Files.createTempDirectory(settings.tempDirectory(), "drift-");
    } catch (IOException e) {
      throw new UncheckedIOException(
          settings.tempDirectory() + ": cannot make a folder for the champion's bundle", e);
    }
    try {
      registry.downloadVersion(champion.model(), champion.version(), download);
      Path bundle = BundleFiles.inDownload(download);
      SpamPredictor predictor = SpamPredictor.load(bundle);
      BundleFiles files = BundleFiles.open(bundle);
      BundleManifest manifest = predictor.manifest();
      return DriftDetector.detect(
          predictor,
          DriftReference.read(files, manifest),
          DriftEmbedder.read(files, manifest),
          texts,
          settings.seed());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "version " + champion.version() + " of " + champion.model() + ": " + e.getMessage(), e);
    } finally {
      deleteRecursively(download);
    }
  }

  private Optional<DriftReport> storedReport(String reportKey) {
    if (store.stat(reportKey + REPORT_JSON).isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          BundleFiles.JSON.readValue(store.getBytes(reportKey + REPORT_JSON), DriftReport.class));
    } catch (IOException e) {
      // A damaged report is made again: the detector is seeded, so it comes out the same.
      LOG.warn("{}{}: unreadable, checking again: {}", reportKey, REPORT_JSON, e.toString());
      return Optional.empty();
    }
  }

  private void writeReport(String reportKey, DriftReport report) {
    try {
      // The page first, the JSON last: a stored report.json means the run's report is complete.
      store.put(
          reportKey + REPORT_HTML,
          DriftReportHtml.render(report).getBytes(StandardCharsets.UTF_8),
          "text/html; charset=utf-8");
      store.put(
          reportKey + REPORT_JSON,
          BundleFiles.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(report),
          "application/json");
    } catch (IOException e) {
      throw new UncheckedIOException("encoding the drift report failed", e);
    }
  }

  private void record(String runId, String reportKey, String version, DriftReport report) {
    Map<String, String> window = report.window();
    Instant end = Instant.parse(window.get("end"));
    Instant start = Instant.parse(window.get("start"));
    recorder.record(
        new DriftRun(
            runId,
            start,
            end,
            settings.model(),
            version,
            Long.parseLong(window.getOrDefault("messages", "0")),
            report.status(),
            report.drifted(),
            reportKey,
            clock.instant()),
        report.metrics());
  }

  private static DriftResult result(
      String runId,
      String reportKey,
      Optional<ModelVersion> champion,
      DriftReport report,
      boolean repeated) {
    Optional<DriftDetected> event = Optional.empty();
    if (report.drifted() && champion.isPresent()) {
      Map<String, Double> statistics = new LinkedHashMap<>();
      List<String> drifted = new ArrayList<>();
      for (DriftMetric metric : report.metrics()) {
        if (!Double.isNaN(metric.threshold())) {
          String name = metric.subject() + "." + metric.metric();
          statistics.put(name, metric.value());
          if (metric.drifted()) {
            drifted.add(name);
          }
        }
      }
      event =
          Optional.of(
              new DriftDetected(
                  reportKey,
                  champion.get().model(),
                  Integer.toString(champion.get().version()),
                  champion.get().tags().getOrDefault(TrainFunction.DATASET_TAG, "unknown"),
                  Instant.parse(report.window().get("start")),
                  Instant.parse(report.window().get("end")),
                  Long.parseLong(report.window().getOrDefault("messages", "0")),
                  statistics,
                  drifted));
    }
    return new DriftResult(runId, reportKey, report.status(), report, event, repeated);
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.warn("could not remove {}: {}", root, e.toString());
    }
  }
}
