package dev.spamflow.stages;

import dev.spamflow.adapters.BackendChoice;
import dev.spamflow.adapters.Settings;
import dev.spamflow.adapters.fs.FileSystemConfig;
import dev.spamflow.adapters.fs.FileSystemDriftRecorder;
import dev.spamflow.adapters.http.HttpPublisherConfig;
import dev.spamflow.adapters.minio.MinioConfig;
import dev.spamflow.adapters.mlflow.MlflowConfig;
import dev.spamflow.adapters.postgres.PostgresConfig;
import dev.spamflow.adapters.postgres.PostgresDriftRecorder;
import dev.spamflow.adapters.redis.RedisConfig;
import dev.spamflow.core.port.DriftRecorder;
import dev.spamflow.core.port.ExperimentTracker;
import dev.spamflow.core.port.ModelRegistry;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.core.port.OnlineFeatureStore;
import dev.spamflow.pipeline.drift.DriftSettings;
import dev.spamflow.pipeline.feedback.FeedbackSettings;
import dev.spamflow.pipeline.train.TrainSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a stage host reads from its environment, typed once at the edge: which store and
 * registry to open (MinIO and MLflow when their variables are set, else the embedded file-system
 * ones), where events go, and the trainer's budget. Every default lives in the adapters' configs or
 * in {@link TrainSettings#DEFAULT}; this class only maps variables onto them.
 *
 * @param env the variables that were read, by name (only {@link #VARIABLES}; never printed)
 */
public record StageSettings(Map<String, String> env) {
  private static final Logger LOG = LoggerFactory.getLogger(StageSettings.class);

  /** The trainer's trial budget; default {@code TrainSettings.DEFAULT.trialBudget()}. */
  public static final String TRAIN_TRIALS_ENV = "SPAMFLOW_TRAIN_TRIALS";

  /** A cap on every trial's epochs; default {@code TrainSettings.DEFAULT.maxEpochs()}. */
  public static final String TRAIN_MAX_EPOCHS_ENV = "SPAMFLOW_TRAIN_MAX_EPOCHS";

  /** Trials run at once; default {@code TrainSettings.DEFAULT.parallelism()}. */
  public static final String TRAIN_PARALLELISM_ENV = "SPAMFLOW_TRAIN_PARALLELISM";

  /** The registry experiment training runs go to; default {@code spamflow-training}. */
  public static final String TRAIN_EXPERIMENT_ENV = "SPAMFLOW_TRAIN_EXPERIMENT";

  /**
   * Seconds an unfinished training attempt keeps its dataset after it last showed it was alive;
   * default {@code TrainSettings.DEFAULT_LEASE} (300).
   */
  public static final String TRAIN_LEASE_SECONDS_ENV = "SPAMFLOW_TRAIN_LEASE_SECONDS";

  /** The drift window, ISO-8601 ({@code PT6H}) or hours ({@code 6}); default 6 hours. */
  public static final String DRIFT_WINDOW_ENV = "SPAMFLOW_DRIFT_WINDOW";

  /** When set, the drift window is the last this many predictions instead of a time span. */
  public static final String DRIFT_LAST_MESSAGES_ENV = "SPAMFLOW_DRIFT_LAST_MESSAGES";

  /**
   * How far back a retraining takes user feedback, ISO-8601 ({@code P30D}) or hours; default 30
   * days.
   */
  public static final String FEEDBACK_WINDOW_ENV = "SPAMFLOW_FEEDBACK_WINDOW";

  /** Feedback reports a retraining takes per UTC day; 0 takes none; default 200. */
  public static final String FEEDBACK_MAX_PER_DAY_ENV = "SPAMFLOW_FEEDBACK_MAX_PER_DAY";

  /** Every variable a stage host reads. */
  public static final List<String> VARIABLES =
      List.of(
          MinioConfig.ENDPOINT_ENV,
          MinioConfig.ACCESS_KEY_ENV,
          MinioConfig.ACCESS_KEY_ENV + "_FILE",
          MinioConfig.SECRET_KEY_ENV,
          MinioConfig.SECRET_KEY_ENV + "_FILE",
          MinioConfig.BUCKET_ENV,
          MlflowConfig.URI_ENV,
          MlflowConfig.MLFLOW_URI_ENV,
          FileSystemConfig.LOCAL_DIR_ENV,
          HttpPublisherConfig.SINK_ENV,
          HttpPublisherConfig.OVERRIDES_ENV,
          TRAIN_TRIALS_ENV,
          TRAIN_MAX_EPOCHS_ENV,
          TRAIN_PARALLELISM_ENV,
          TRAIN_LEASE_SECONDS_ENV,
          TRAIN_EXPERIMENT_ENV,
          DRIFT_WINDOW_ENV,
          DRIFT_LAST_MESSAGES_ENV,
          FEEDBACK_WINDOW_ENV,
          FEEDBACK_MAX_PER_DAY_ENV,
          PostgresConfig.URL_ENV,
          PostgresConfig.USER_ENV,
          PostgresConfig.PASSWORD_ENV);

  /** Keeps only the variables in {@link #VARIABLES} that are set. */
  public StageSettings {
    Objects.requireNonNull(env, "env");
    Map<String, String> known = new HashMap<>();
    for (String name : VARIABLES) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        known.put(name, value);
      }
    }
    env = Map.copyOf(known);
  }

  /** Settings from a map of environment variables, usually {@code System.getenv()}. */
  public static StageSettings fromEnv(Map<String, String> env) {
    return new StageSettings(env);
  }

  /** Whether {@code SPAMFLOW_MINIO_ENDPOINT} is set, so the store is MinIO. */
  public boolean usesMinio() {
    return BackendChoice.fromEnv(env).minio();
  }

  /** Whether an MLflow tracking URI is set, so the registry is MLflow. */
  public boolean usesMlflow() {
    return BackendChoice.fromEnv(env).mlflow();
  }

  /**
   * Opens the object store ({@link BackendChoice}): MinIO when {@code SPAMFLOW_MINIO_ENDPOINT} is
   * set, else the file-system store under {@code SPAMFLOW_LOCAL_DIR}.
   *
   * @throws IllegalStateException naming a missing MinIO variable
   */
  public ObjectStore openStore() {
    return BackendChoice.fromEnv(env).openStore();
  }

  /** Opens the experiment tracker: MLflow when its URI is set, else the embedded registry. */
  public ExperimentTracker openTracker() {
    return BackendChoice.fromEnv(env).openTracker();
  }

  /**
   * Opens the model registry ({@link BackendChoice}): MLflow when {@code SPAMFLOW_MLFLOW_URI} (or
   * {@code MLFLOW_TRACKING_URI}) is set, else the file-system registry under {@code
   * SPAMFLOW_LOCAL_DIR}.
   */
  public ModelRegistry openRegistry() {
    return BackendChoice.fromEnv(env).openRegistry();
  }

  /**
   * Returns where events are published.
   *
   * @throws IllegalStateException if {@code K_SINK} is unset (the message names it)
   */
  public HttpPublisherConfig publisher() {
    return HttpPublisherConfig.fromEnv(env);
  }

  /** Whether {@code K_SINK} is set. */
  public boolean hasSink() {
    return env.containsKey(HttpPublisherConfig.SINK_ENV);
  }

  /**
   * Returns the trainer's settings: {@link TrainSettings#DEFAULT} with the trial budget, epoch cap,
   * parallelism, experiment and attempt lease the variables give.
   *
   * @throws IllegalStateException naming the variable when a number is not a positive integer
   */
  public TrainSettings train() {
    TrainSettings d = TrainSettings.DEFAULT;
    Settings settings = Settings.of(env);
    return new TrainSettings(
        d.space(),
        d.base(),
        positive(TRAIN_TRIALS_ENV, d.trialBudget()),
        positive(TRAIN_MAX_EPOCHS_ENV, d.maxEpochs()),
        positive(TRAIN_PARALLELISM_ENV, d.parallelism()),
        d.blockedHamCeiling(),
        settings.get(TRAIN_EXPERIMENT_ENV, d.experiment()),
        d.tempDirectory(),
        Duration.ofSeconds(positive(TRAIN_LEASE_SECONDS_ENV, (int) d.lease().toSeconds())),
        feedback(d.feedback()));
  }

  /**
   * Returns the drift stage's settings: {@link DriftSettings#DEFAULT} with the window the variables
   * give.
   *
   * @throws IllegalStateException naming the variable when its value is not a duration or count
   */
  public DriftSettings drift() {
    DriftSettings settings = DriftSettings.DEFAULT;
    String window = env.get(DRIFT_WINDOW_ENV);
    if (window != null) {
      settings = settings.withWindow(duration(DRIFT_WINDOW_ENV, window.trim()));
    }
    if (env.containsKey(DRIFT_LAST_MESSAGES_ENV)) {
      settings = settings.withLastMessages(positive(DRIFT_LAST_MESSAGES_ENV, 0));
    }
    return settings;
  }

  /**
   * Opens where drift runs are recorded: PostgreSQL when {@code SPAMFLOW_POSTGRES_URL} is set;
   * else, on the embedded store, JSON files under {@code SPAMFLOW_LOCAL_DIR}/drift-runs.
   *
   * @throws IllegalStateException when the store is MinIO but no PostgreSQL is configured: the
   *     records would otherwise vanish with the pod
   */
  public DriftRecorder openDriftRecorder() {
    Optional<PostgresConfig> postgres = PostgresConfig.fromEnv(env);
    if (postgres.isPresent()) {
      return PostgresDriftRecorder.open(postgres.get());
    }
    if (usesMinio()) {
      throw new IllegalStateException(
          PostgresConfig.URL_ENV
              + " is not set: the drift stage records its metrics in PostgreSQL when it runs on"
              + " MinIO (set it to e.g. jdbc:postgresql://postgres:5432/spamflow)");
    }
    return new FileSystemDriftRecorder(
        FileSystemConfig.fromEnv(env).dataDirectory().resolve("drift-runs"));
  }

  /**
   * Opens the online feature store curate materialises to: Redis, in Feast's layout, when {@value
   * RedisConfig#URL_ENV} is set; none on MinIO without it (the features stay in the offline table);
   * the embedded one in the local data directory otherwise.
   *
   * @return the store, or empty
   */
  public Optional<OnlineFeatureStore> openOnlineFeatures() {
    Optional<OnlineFeatureStore> store = BackendChoice.fromEnv(env).openOnlineFeatures();
    if (store.isEmpty()) {
      LOG.warn(
          "{} is not set: curate writes features to the lakehouse table only, none online",
          RedisConfig.URL_ENV);
    }
    return store;
  }

  /** The feedback caps: {@code fallback} with what the variables change. */
  private FeedbackSettings feedback(FeedbackSettings fallback) {
    FeedbackSettings settings = fallback;
    String window = env.get(FEEDBACK_WINDOW_ENV);
    if (window != null) {
      Duration parsed = duration(FEEDBACK_WINDOW_ENV, window.trim());
      if (parsed.isZero() || parsed.isNegative()) {
        throw new IllegalStateException(
            FEEDBACK_WINDOW_ENV + " must be a positive duration but was '" + window + "'");
      }
      settings = settings.withWindow(parsed);
    }
    String perDay = env.get(FEEDBACK_MAX_PER_DAY_ENV);
    if (perDay != null) {
      int parsed;
      try {
        parsed = Integer.parseInt(perDay.trim());
      } catch (NumberFormatException e) {
        parsed = -1;
      }
      if (parsed < 0) {
        throw new IllegalStateException(
            FEEDBACK_MAX_PER_DAY_ENV
                + " must be a whole number of at least 0 (0 takes no feedback) but was '"
                + perDay.trim()
                + "'");
      }
      settings = settings.withMaxPerDay(parsed);
    }
    return settings;
  }

  private static Duration duration(String name, String value) {
    try {
      return value.matches("[0-9]+")
          ? Duration.ofHours(Long.parseLong(value))
          : Duration.parse(value);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalStateException(
          name + " must be an ISO-8601 duration such as PT6H, or whole hours; got '" + value + "'",
          e);
    }
  }

  @Override
  public String toString() {
    // The map may hold MinIO's keys: only the names of what is set are printed.
    return "StageSettings" + new TreeSet<>(env.keySet());
  }

  private int positive(String name, int fallback) {
    Optional<String> value = Optional.ofNullable(env.get(name)).map(String::trim);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.get());
      if (parsed >= 1) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // Reported below with the variable's name.
    }
    throw new IllegalStateException(
        name + " must be a whole number of at least 1 but was '" + value.get() + "'");
  }
}
