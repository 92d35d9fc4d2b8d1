package dev.spamflow.inference;

import dev.spamflow.adapters.BackendChoice;
import dev.spamflow.adapters.fs.FileSystemConfig;
import dev.spamflow.adapters.fs.FileSystemModelRegistry;
import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.adapters.fs.FileSystemOnlineFeatureStore;
import dev.spamflow.core.port.ModelRegistry;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.core.port.OnlineFeatureStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The object store and model registry the service talks to, and a description of them for the
 * start-up log.
 *
 * @param store where feedback and the prediction log go
 * @param registry where the champion model is looked up
 * @param features the online feature store {@code /api/features} reads, if any
 * @param description e.g. {@code "store=minio(http://…) registry=mlflow(http://…)"}
 */
public record Backends(
    ObjectStore store,
    ModelRegistry registry,
    Optional<OnlineFeatureStore> features,
    String description) {

  /** Checks the arguments. */
  public Backends {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(description, "description");
  }

  /**
   * Chooses the backends as Knative deploys the service, by {@link BackendChoice} (the choice every
   * host makes the same way).
   *
   * @param env environment variables, usually {@code System.getenv()}
   * @return the backends
   * @throws IllegalStateException naming a missing variable (e.g. MinIO credentials)
   */
  public static Backends fromEnv(Map<String, String> env) {
    BackendChoice choice = BackendChoice.fromEnv(env);
    return new Backends(
        choice.openStore(),
        choice.openRegistry(),
        choice.openOnlineFeatures(),
        "store="
            + choice.describeStore()
            + " registry="
            + choice.describeRegistry()
            + " features="
            + choice.describeOnlineFeatures());
  }

  /**
   * The embedded store and registry of a local data folder, as {@code spamflow up} keeps them.
   *
   * @param dataDirectory the folder holding {@code store/} and {@code registry/}
   * @return the backends
   */
  public static Backends embedded(Path dataDirectory) {
    FileSystemConfig local = new FileSystemConfig(dataDirectory);
    return new Backends(
        FileSystemObjectStore.create(local),
        FileSystemModelRegistry.create(local),
        Optional.of(FileSystemOnlineFeatureStore.create(local)),
        "store=files("
            + local.storeDirectory()
            + ") registry=files("
            + local.registryDirectory()
            + ") features=files("
            + local.featuresDirectory()
            + ")");
  }
}
