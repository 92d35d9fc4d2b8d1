package dev.spamflow.inference;

import dev.spamflow.adapters.Settings;
import dev.spamflow.adapters.fs.FileSystemConfig;
import dev.spamflow.adapters.fs.FileSystemModelRegistry;
import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.adapters.minio.MinioConfig;
import dev.spamflow.adapters.minio.MinioObjectStore;
import dev.spamflow.adapters.mlflow.MlflowConfig;
import dev.spamflow.adapters.mlflow.MlflowModelRegistry;
import dev.spamflow.core.port.ModelRegistry;
import dev.spamflow.core.port.ObjectStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The object store and model registry the service talks to, and a description of them for the
 * start-up log.
 *
 * @param store where feedback and the prediction log go
 * @param registry where the champion model is looked up
 * @param description e.g. {@code "store=minio(http://…) registry=mlflow(http://…)"}
 */
public record Backends(ObjectStore store, ModelRegistry registry, String description) {

  /** Checks the arguments. */
  public Backends {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(description, "description");
  }

  /**
   * Chooses the backends as Knative deploys the service: MinIO when {@value
   * MinioConfig#ENDPOINT_ENV} is set, MLflow when {@value MlflowConfig#URI_ENV} (or {@value
   * MlflowConfig#MLFLOW_URI_ENV}) is set, otherwise the embedded file-system store and registry
   * under {@value FileSystemConfig#LOCAL_DIR_ENV}.
   *
   * @param env environment variables, usually {@code System.getenv()}
   * @return the backends
   * @throws IllegalStateException naming a missing variable (e.g. MinIO credentials)
   */
  public static Backends fromEnv(Map<String, String> env) {
    Settings settings = Settings.of(env);
    FileSystemConfig local = FileSystemConfig.fromEnv(env);
    ObjectStore store;
    String storeText;
    if (settings.get(MinioConfig.ENDPOINT_ENV).isPresent()) {
      MinioConfig minio = MinioConfig.fromEnv(env);
      store = MinioObjectStore.open(minio);
      storeText = "minio(" + minio.endpoint() + ", bucket " + minio.bucket() + ")";
    } else {
      store = FileSystemObjectStore.create(local);
      storeText = "files(" + local.storeDirectory() + ")";
    }
    ModelRegistry registry;
    String registryText;
    if (settings
        .get(MlflowConfig.URI_ENV)
        .or(() -> settings.get(MlflowConfig.MLFLOW_URI_ENV))
        .isPresent()) {
      MlflowConfig mlflow = MlflowConfig.fromEnv(env);
      registry = new MlflowModelRegistry(mlflow);
      registryText = "mlflow(" + mlflow.trackingUri() + ")";
    } else {
      registry = FileSystemModelRegistry.create(local);
      registryText = "files(" + local.registryDirectory() + ")";
    }
    return new Backends(store, registry, "store=" + storeText + " registry=" + registryText);
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
        "store=files("
            + local.storeDirectory()
            + ") registry=files("
            + local.registryDirectory()
            + ")");
  }
}
