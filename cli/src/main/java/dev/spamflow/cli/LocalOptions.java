package dev.spamflow.cli;

import dev.spamflow.adapters.fs.FileSystemConfig;
import dev.spamflow.cli.local.DataDirectoryLock;
import dev.spamflow.cli.local.LocalPipeline;
import dev.spamflow.cli.local.TriggerManifestsLocation;
import dev.spamflow.devtools.broker.Subscriber;
import dev.spamflow.pipeline.train.TrainSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** Options shared by {@code up} and {@code upload}: where the local run keeps its state. */
final class LocalOptions {

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Where the embedded object store and model registry live (default: $"
              + FileSystemConfig.LOCAL_DIR_ENV
              + ", else .spamflow).")
  Path dataDir;

  @Option(
      names = "--triggers",
      paramLabel = "DIR",
      description =
          "Knative Trigger manifests that route the events (default: knative/base of the"
              + " repository).")
  Path triggers;

  @Option(
      names = "--trials",
      paramLabel = "N",
      defaultValue = "1",
      description = "Hyper-parameter trials per training (default: ${DEFAULT-VALUE}).")
  int trials;

  @Option(
      names = "--epochs",
      paramLabel = "N",
      description = "Cap on each trial's epochs (default: the search space's own, at most 30).")
  Integer epochs;

  /** The data directory the options name. */
  FileSystemConfig config() {
    return dataDir != null
        ? new FileSystemConfig(dataDir)
        : FileSystemConfig.fromEnv(System.getenv());
  }

  /**
   * Builds the pipeline the options describe.
   *
   * @param lock the data directory's lock, which the pipeline keeps until it is closed
   */
  LocalPipeline pipeline(Consumer<String> report, DataDirectoryLock lock) {
    return pipeline(report, Map.of(), lock);
  }

  /**
   * Builds the pipeline the options describe, with other Services running beside the stages.
   *
   * @param services subscribers by Knative Service name (e.g. {@code inference})
   * @param lock the data directory's lock, which the pipeline keeps until it is closed
   */
  LocalPipeline pipeline(
      Consumer<String> report, Map<String, Subscriber> services, DataDirectoryLock lock) {
    Path manifests =
        TriggerManifestsLocation.find(
            Optional.ofNullable(triggers),
            Optional.ofNullable(System.getProperty(TriggerManifestsLocation.HOME_PROPERTY))
                .map(Path::of),
            Path.of(""));
    TrainSettings defaults = TrainSettings.DEFAULT;
    TrainSettings train =
        new TrainSettings(
            defaults.space(),
            defaults.base(),
            trials,
            epochs != null ? epochs : defaults.maxEpochs(),
            defaults.parallelism(),
            defaults.blockedHamCeiling(),
            defaults.experiment(),
            defaults.tempDirectory(),
            defaults.lease(),
            defaults.feedback());
    return new LocalPipeline(config(), manifests, train, report, services, lock);
  }
}
