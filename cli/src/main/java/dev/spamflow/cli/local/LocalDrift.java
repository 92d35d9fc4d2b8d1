package dev.spamflow.cli.local;

import dev.spamflow.adapters.fs.FileSystemConfig;
import dev.spamflow.adapters.fs.FileSystemDriftRecorder;
import dev.spamflow.adapters.fs.FileSystemModelRegistry;
import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.pipeline.drift.DriftFunction;
import dev.spamflow.pipeline.drift.DriftResult;
import dev.spamflow.pipeline.drift.DriftSettings;
import dev.spamflow.pipeline.event.StageCatalogue;
import dev.spamflow.pipeline.train.TrainSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The drift stage on a local data directory, as {@code spamflow up} and {@code spamflow drift
 * --data-dir} run it: the prediction log the local inference API writes, the embedded registry's
 * champion, runs recorded as JSON under {@code drift-runs/}.
 */
public final class LocalDrift {
  /** Where the runs' records go inside the data directory. */
  public static final String RUNS = "drift-runs";

  private final FileSystemObjectStore store;
  private final DriftFunction drift;
  private final Clock clock;

  /**
   * Wires the stage.
   *
   * @param config the data directory
   * @param settings window and model
   * @param clock the check's time
   */
  public LocalDrift(FileSystemConfig config, DriftSettings settings, Clock clock) {
    Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.store = FileSystemObjectStore.create(config);
    FileSystemModelRegistry registry = FileSystemModelRegistry.create(config);
    this.drift =
        StageCatalogue.driftFunction(
            new LocalStageContext(
                store,
                registry,
                registry,
                Optional.of(new FileSystemDriftRecorder(config.dataDirectory().resolve(RUNS))),
                Optional.empty(),
                TrainSettings.DEFAULT,
                settings.withTempDirectory(config.dataDirectory().resolve("tmp")),
                clock));
  }

  /**
   * Checks the window that ends now.
   *
   * @return what the stage found
   */
  public DriftResult checkNow() {
    return drift.apply(clock.instant());
  }

  /**
   * Returns the file of a run's HTML report.
   *
   * @param result the run
   * @return the page's path in the local store
   */
  public Path reportPage(DriftResult result) {
    return store.file(result.reportKey() + DriftFunction.REPORT_HTML);
  }
}
