package dev.spamflow.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * The {@link ModelRegistry} contract. A version is made from a tracked run's artifacts, so the
 * adapter under test is also the {@link ExperimentTracker} the runs come from, as MLflow is. An
 * adapter's test extends this class and supplies it; every test uses its own experiment and model
 * names, so a shared server is fine.
 *
 * @param <B> the adapter: a tracker and a registry
 */
public abstract class ModelRegistryContract<B extends ExperimentTracker & ModelRegistry> {
  /** The adapter under test, from {@link #registry()}. */
  protected B registry;

  /** A fresh experiment name for this test. */
  protected String experiment;

  /** A fresh model name for this test. */
  protected String model;

  /** Scratch space for artifacts to upload and download. */
  @TempDir protected Path temp;

  /** Returns the adapter under test; called before each test. */
  protected abstract B registry() throws Exception;

  @BeforeEach
  final void createRegistry() throws Exception {
    registry = registry();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    experiment = "contract-" + suffix;
    model = "spam-detector-" + suffix;
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
  void aVersionHoldsTheRunsFilesAndFoldersAsUploaded() throws IOException {
    Run run = registry.startRun(experiment, Optional.empty(), Map.of());
    Path bundle = modelBundle("bundle");
    Path report = Files.writeString(temp.resolve("report.json"), "{\"f1\":0.97}");
    registry.uploadArtifacts(run.id(), bundle, "model");
    registry.uploadArtifacts(run.id(), report, "");

    registry.registerVersion(model, run.id(), "", Map.of());
    Path whole = temp.resolve("whole");
    registry.downloadVersion(model, 1, whole);
    registry.registerVersion(model, run.id(), "model/weights", Map.of());
    Path weights = temp.resolve("weights");
    registry.downloadVersion(model, 2, weights);

    assertThat(files(whole))
        .containsExactly("model/config.json", "model/weights/layer 0.bin", "report.json");
    assertThat(files(weights)).containsExactly("layer 0.bin");
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

    assertThat(registry.versionByAlias("no-such-model-" + model, "champion")).isEmpty();
  }

  @Test
  void invalidAliasesAreRejected() {
    assertThatThrownBy(() -> registry.setAlias(model, "latest", 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> registry.setAlias(model, "v2", 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> registry.versionByAlias("../x", "champion"))
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
