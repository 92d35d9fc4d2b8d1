package dev.spamflow.adapters;

import dev.spamflow.adapters.fs.FileSystemConfig;
import dev.spamflow.adapters.fs.FileSystemModelRegistry;
import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.adapters.fs.FileSystemOnlineFeatureStore;
import dev.spamflow.adapters.minio.MinioConfig;
import dev.spamflow.adapters.minio.MinioObjectStore;
import dev.spamflow.adapters.mlflow.MlflowConfig;
import dev.spamflow.adapters.mlflow.MlflowModelRegistry;
import dev.spamflow.adapters.redis.RedisConfig;
import dev.spamflow.adapters.redis.RedisOnlineFeatureStore;
import dev.spamflow.core.port.ExperimentTracker;
import dev.spamflow.core.port.ModelRegistry;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.core.port.OnlineFeatureStore;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place that chooses the object store and the model registry from the environment, for
 * every host (the stage services, {@code TrainStep}, the inference service): MinIO when {@value
 * MinioConfig#ENDPOINT_ENV} is set, MLflow when {@value MlflowConfig#URI_ENV} (or {@value
 * MlflowConfig#MLFLOW_URI_ENV}) is set, otherwise the embedded file-system store and registry under
 * {@value FileSystemConfig#LOCAL_DIR_ENV}. A blank variable counts as unset.
 */
public final class BackendChoice {

  private final Map<String, String> env;
  private final Settings settings;

  private BackendChoice(Map<String, String> env) {
    this.env = Map.copyOf(env);
    this.settings = Settings.of(env);
  }

  /**
   * The choice the variables make.
   *
   * @param env environment variables, usually {@code System.getenv()}
   * @return the choice
   */
  public static BackendChoice fromEnv(Map<String, String> env) {
    return new BackendChoice(Objects.requireNonNull(env, "env"));
  }

  /** Whether the store is MinIO. */
  public boolean minio() {
    return settings.get(MinioConfig.ENDPOINT_ENV).isPresent();
  }

  /** Whether the registry is MLflow. */
  public boolean mlflow() {
    return settings
        .get(MlflowConfig.URI_ENV)
        .or(() -> settings.get(MlflowConfig.MLFLOW_URI_ENV))
        .isPresent();
  }

  /**
   * Opens the object store.
   *
   * @throws IllegalStateException naming a missing MinIO variable
   */
  public ObjectStore openStore() {
    return minio()
        ? MinioObjectStore.open(MinioConfig.fromEnv(env))
        : FileSystemObjectStore.create(FileSystemConfig.fromEnv(env));
  }

  /**
   * Opens the experiment tracker: MLflow or the embedded registry directory. MLflow serves the
   * tracker and the model registry from one server; each open makes a light client of its own.
   */
  public ExperimentTracker openTracker() {
    return mlflow()
        ? new MlflowModelRegistry(MlflowConfig.fromEnv(env))
        : FileSystemModelRegistry.create(FileSystemConfig.fromEnv(env));
  }

  /** Opens the model registry: MLflow or the embedded registry directory. */
  public ModelRegistry openRegistry() {
    return mlflow()
        ? new MlflowModelRegistry(MlflowConfig.fromEnv(env))
        : FileSystemModelRegistry.create(FileSystemConfig.fromEnv(env));
  }

  /** Describes the store for a start-up log line, e.g. {@code minio(http://…, bucket spamflow)}. */
  public String describeStore() {
    if (minio()) {
      MinioConfig minio = MinioConfig.fromEnv(env);
      return "minio(" + minio.endpoint() + ", bucket " + minio.bucket() + ")";
    }
    return "files(" + FileSystemConfig.fromEnv(env).storeDirectory() + ")";
  }

  /** Describes the registry for a start-up log line, e.g. {@code mlflow(http://…)}. */
  public String describeRegistry() {
    if (mlflow()) {
      return "mlflow(" + MlflowConfig.fromEnv(env).trackingUri() + ")";
    }
    return "files(" + FileSystemConfig.fromEnv(env).registryDirectory() + ")";
  }

  /**
   * Opens the online feature store: Redis (in Feast's layout) when {@value RedisConfig#URL_ENV} is
   * set; none on MinIO without it; the embedded one in the local data directory otherwise.
   *
   * @return the store, or empty
   */
  public Optional<OnlineFeatureStore> openOnlineFeatures() {
    Optional<RedisConfig> redis = RedisConfig.fromEnv(env);
    if (redis.isPresent()) {
      return Optional.of(new RedisOnlineFeatureStore(redis.get()));
    }
    return minio()
        ? Optional.empty()
        : Optional.of(FileSystemOnlineFeatureStore.create(FileSystemConfig.fromEnv(env)));
  }

  /** Describes the online feature store for a start-up log line, e.g. {@code redis(…)}. */
  public String describeOnlineFeatures() {
    Optional<RedisConfig> redis = RedisConfig.fromEnv(env);
    if (redis.isPresent()) {
      return "redis(" + redis.get() + ")";
    }
    return minio()
        ? "none (" + RedisConfig.URL_ENV + " is not set)"
        : "files(" + FileSystemConfig.fromEnv(env).featuresDirectory() + ")";
  }
}
