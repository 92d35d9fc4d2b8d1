package dev.spamflow.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link ModelRegistry} contract. An adapter's test extends this class and supplies the
 * registry; every test uses its own experiment and model names, so a shared server is fine.
 */
public abstract class ModelRegistryContract {
  /** The registry under test, from {@link #registry()}. */
  protected ModelRegistry registry;

  /** A fresh experiment name for this test. */
  protected String experiment;

  /** A fresh model name for this test. */
  protected String model;

  /** Scratch space for artifacts to upload and download. */
  @TempDir protected Path temp;

  /** Returns the registry under test; called before each test. */
  protected abstract ModelRegistry registry() throws Exception;

  @BeforeEach
  final void createRegistry() throws Exception {
    registry = registry();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    experiment = "contract-" + suffix;
    model = "spam-detector-" + suffix;
  }

  @Test
  void runKeepsParamsTagsAndLatestMetrics() {
    Run run = registry.startRun(experiment, Optional.empty(), Map.of("stage", "train"));
    registry.logParams(run.id(), Map.of("embedding", "32", "units", "50"));
    registry.logMetric(run.id(), "loss", 0.9, 0);
    registry.logMetric(run.id(), "loss", 0.4, 1);
    registry.setTags(run.id(), Map.of("dataset", "d1"));

    Run read = registry.getRun(run.id());

    assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(read.experiment()).isEqualTo(experiment);
    assertThat(read.parentRunId()).isEmpty();
    assertThat(read.params())
        .containsExactlyInAnyOrderEntriesOf(Map.of("embedding", "32", "units", "50"));
    assertThat(read.metrics()).containsExactlyEntriesOf(Map.of("loss", 0.4));
    assertThat(read.tags())
        .containsExactlyInAnyOrderEntriesOf(Map.of("stage", "train", "dataset", "d1"));
    assertThat(registry.metricHistory(run.id(), "loss"))
        .extracting(MetricPoint::step, MetricPoint::value)
        .containsExactly(tuple(0L, 0.9), tuple(1L, 0.4));
    assertThat(registry.metricHistory(run.id(), "accuracy")).isEmpty();
  }

  @Test
  void trialsPointAtTheirParentAndRunsFinish() {
    Run parent = registry.startRun(experiment, Optional.empty(), Map.of());
    Run trial = registry.startRun(experiment, Optional.of(parent.id()), Map.of("trial", "1"));

    registry.finishRun(trial.id(), RunStatus.KILLED);
    registry.finishRun(parent.id(), RunStatus.FINISHED);

    assertThat(registry.getRun(trial.id()).parentRunId()).contains(parent.id());
    assertThat(registry.getRun(trial.id()).status()).isEqualTo(RunStatus.KILLED);
    assertThat(registry.getRun(parent.id()).status()).isEqualTo(RunStatus.FINISHED);
  }

  @Test
  void unknownRunsAreNotFound() {
    String missing = "0123456789abcdef0123456789abcdef";
    assertThatThrownBy(() -> registry.getRun(missing))
        .isInstanceOf(RegistryEntryNotFoundException.class);
    assertThatThrownBy(() -> registry.logMetric(missing, "loss", 1, 0))
        .isInstanceOf(RegistryEntryNotFoundException.class);
    assertThatThrownBy(() -> registry.startRun(experiment, Optional.of(missing), Map.of()))
        .isInstanceOf(RegistryEntryNotFoundException.class);
  }

  @Test
  void uploadsFilesAndDirectoriesIntoTheRunsArtifacts() throws IOException {
    Run run = registry.startRun(experiment, Optional.empty(), Map.of());
    Path bundle = modelBundle("bundle");
    Path report = Files.writeString(temp.resolve("report.json"), "{\"f1\":0.97}");

    registry.uploadArtifacts(run.id(), bundle, "model");
    registry.uploadArtifacts(run.id(), report, "");

    assertThat(registry.listArtifacts(run.id(), ""))
        .containsExactly("model/config.json", "model/weights/layer 0.bin", "report.json");
    assertThat(registry.listArtifacts(run.id(), "model/weights"))
        .containsExactly("model/weights/layer 0.bin");
  }

  @Test
  void versionsAreNumberedFromOneAndDownloadTheirFiles() throws IOException {
    Run run = registry.startRun(experiment, Optional.empty(), Map.of());
    registry.uploadArtifacts(run.id(), modelBundle("bundle"), "model");

    ModelVersion first = registry.registerVersion(model, run.id(), "model", Map.of("f1", "0.97"));
    ModelVersion second = registry.registerVersion(model, run.id(), "model", Map.of());

    assertThat(first.version()).isEqualTo(1);
    assertThat(second.version()).isEqualTo(2);
    assertThat(first.runId()).isEqualTo(run.id());
    assertThat(registry.version(model, 1)).contains(first);
    assertThat(registry.version(model, 3)).isEmpty();
    assertThat(registry.versions(model)).extracting(ModelVersion::version).containsExactly(1, 2);
    assertThat(registry.versions("no-such-model-" + model)).isEmpty();

    Path target = temp.resolve("downloaded");
    registry.downloadVersion(model, 1, target);
    assertThat(target.resolve("config.json")).hasContent("{\"units\":50}");
    assertThat(Files.readAllBytes(target.resolve("weights/layer 0.bin")))
        .isEqualTo(new byte[] {1, 2, 3, 4});
  }

  @Test
  void aVersionNeedsArtifactsSoNothingIsHalfRegistered() {
    Run run = registry.startRun(experiment, Optional.empty(), Map.of());

    assertThatThrownBy(() -> registry.registerVersion(model, run.id(), "model", Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(registry.versions(model)).isEmpty();
  }

  @Test
  void aliasesMoveAtomicallyAndNeverPointAtNothing() throws IOException {
    Run run = registry.startRun(experiment, Optional.empty(), Map.of());
    registry.uploadArtifacts(run.id(), modelBundle("bundle"), "model");
    registry.registerVersion(model, run.id(), "model", Map.of());
    registry.registerVersion(model, run.id(), "model", Map.of());

    registry.setAlias(model, "champion", 1);
    registry.setAlias(model, "challenger", 2);
    assertThat(registry.versionByAlias(model, "champion")).map(ModelVersion::version).contains(1);

    registry.setAlias(model, "champion", 2);
    assertThat(registry.versionByAlias(model, "champion")).map(ModelVersion::version).contains(2);
    assertThat(registry.versionByAlias(model, "challenger")).map(ModelVersion::version).contains(2);

    // Pointing an alias at a missing version fails and leaves the alias where it was.
    assertThatThrownBy(() -> registry.setAlias(model, "champion", 7))
        .isInstanceOf(RegistryEntryNotFoundException.class);
    assertThat(registry.versionByAlias(model, "champion")).map(ModelVersion::version).contains(2);

    registry.deleteAlias(model, "challenger");
    registry.deleteAlias(model, "challenger");
    assertThat(registry.versionByAlias(model, "challenger")).isEmpty();
    assertThat(registry.versionByAlias("no-such-model-" + model, "champion")).isEmpty();
  }

  @Test
  void invalidNamesAndAliasesAreRejected() {
    assertThatThrownBy(() -> registry.setAlias(model, "latest", 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> registry.setAlias(model, "v2", 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> registry.startRun("../x", Optional.empty(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    Run run = registry.startRun(experiment, Optional.empty(), Map.of());
    assertThatThrownBy(() -> registry.uploadArtifacts(run.id(), temp, "../outside"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Writes a small model bundle directory: a config file and a nested weights file. */
  protected Path modelBundle(String name) throws IOException {
    Path dir = Files.createDirectories(temp.resolve(name).resolve("weights"));
    Files.writeString(
        dir.getParent().resolve("config.json"), "{\"units\":50}", StandardCharsets.UTF_8);
    Files.write(dir.resolve("layer 0.bin"), new byte[] {1, 2, 3, 4});
    return dir.getParent();
  }

  /** Lists the relative file paths below {@code dir}, for comparisons. */
  protected static List<String> files(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      return paths
          .filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }
}
