package dev.spamflow.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spamflow.adapters.fs.FileSystemModelRegistry;
import dev.spamflow.core.port.ModelRegistry;
import dev.spamflow.core.port.ModelRegistryException;
import dev.spamflow.core.port.ModelVersion;
import dev.spamflow.core.serving.BundleManifest;
import dev.spamflow.inference.TestBundles;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the watcher records about the registry, which readiness depends on: "no champion at all"
 * only when the registry answered so, never when it could not be asked.
 */
class ModelWatcherTest {

  private static final SwapListener QUIET =
      new SwapListener() {
        @Override
        public void swapped(String slot, LoadedModel model, LoadedModel previous) {}

        @Override
        public void refused(String slot, String candidate, RefusalReason reason) {}
      };

  @Test
  void anEmptyRegistryIsRecordedAsNoChampionAndAPromotionEndsIt(@TempDir Path dir) {
    FileSystemModelRegistry registry = new FileSystemModelRegistry(dir.resolve("registry"));
    ModelSlot champion = new ModelSlot("champion", QUIET);
    try (ModelWatcher watcher = watcher(registry, dir, champion)) {
      watcher.poll();
      assertThat(champion.aliasUnset()).isTrue();

      ModelVersion v1 =
          TestBundles.register(
              registry, TestBundles.saved(dir.resolve("v1")), Optional.of("champion"));
      watcher.poll();

      assertThat(champion.aliasUnset()).isFalse();
      assertThat(champion.current()).isPresent();
      assertThat(champion.current().get().version()).isEqualTo(Integer.toString(v1.version()));
    }
  }

  @Test
  void aRegistryThatCannotBeReachedIsNotTakenForAnEmptyOne(@TempDir Path dir) {
    ModelSlot champion = new ModelSlot("champion", QUIET);
    try (ModelWatcher watcher = watcher(new UnreachableRegistry(), dir, champion)) {
      assertThatThrownBy(watcher::poll).isInstanceOf(ModelRegistryException.class);

      assertThat(champion.aliasUnset()).isFalse();
      assertThat(champion.ready()).isFalse();
    }
  }

  @Test
  void aVersionThatIsStillLoadingIsNotTakenForNoChampion(@TempDir Path dir) {
    FileSystemModelRegistry registry = new FileSystemModelRegistry(dir.resolve("registry"));
    ModelSlot champion = new ModelSlot("champion", QUIET);
    try (ModelWatcher watcher = watcher(registry, dir, champion)) {
      watcher.poll();
      TestBundles.register(
          registry, TestBundles.corrupt(dir.resolve("corrupt")), Optional.of("champion"));

      // The alias names a version that cannot load: there is a champion, it just does not serve.
      watcher.poll();

      assertThat(champion.ready()).isFalse();
      assertThat(champion.aliasUnset()).isFalse();
    }
  }

  private static ModelWatcher watcher(ModelRegistry registry, Path dir, ModelSlot champion) {
    return new ModelWatcher(
        new ModelLoader(registry, dir.resolve("downloads"), Clock.systemUTC()),
        BundleManifest.MODEL_NAME,
        Optional.empty(),
        Duration.ZERO,
        champion,
        "champion",
        Optional.empty(),
        "challenger");
  }

  /** A registry outage: every call fails as the MLflow adapter fails when the server is down. */
  private static final class UnreachableRegistry implements ModelRegistry {
    private static ModelRegistryException down() {
      return new ModelRegistryException("connection refused: registry unreachable");
    }

    @Override
    public ModelVersion registerVersion(
        String model, String runId, String artifactPath, java.util.Map<String, String> tags) {
      throw down();
    }

    @Override
    public List<ModelVersion> versions(String model) {
      throw down();
    }

    @Override
    public void setAlias(String model, String alias, int version) {
      throw down();
    }

    @Override
    public Optional<ModelVersion> versionByAlias(String model, String alias) {
      throw down();
    }

    @Override
    public void downloadVersion(String model, int version, Path targetDirectory) {
      throw down();
    }
  }
}
