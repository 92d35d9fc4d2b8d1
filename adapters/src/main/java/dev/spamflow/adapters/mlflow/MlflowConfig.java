package dev.spamflow.adapters.mlflow;

import dev.spamflow.adapters.RetrySettings;
import dev.spamflow.adapters.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where {@link MlflowModelRegistry} finds the MLflow tracking server.
 *
 * @param trackingUri the server, e.g. {@code http://127.0.0.1:5000}; it must proxy artifacts
 *     ({@code mlflow server --artifacts-destination …}, the default since MLflow 2)
 * @param retry retries on connection errors and 5xx answers
 * @param requestTimeout the longest wait for one answer
 */
public record MlflowConfig(URI trackingUri, RetrySettings retry, Duration requestTimeout) {
  /** The project's variable for the tracking server. */
  public static final String URI_ENV = "SPAMFLOW_MLFLOW_URI";

  /** MLflow's own variable, used when {@link #URI_ENV} is unset. */
  public static final String MLFLOW_URI_ENV = "MLFLOW_TRACKING_URI";

  /** Used when no timeout is given. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** Validates the arguments. */
  public MlflowConfig {
    Objects.requireNonNull(trackingUri, "trackingUri");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (trackingUri.getScheme() == null || !trackingUri.getScheme().startsWith("http")) {
      throw new IllegalArgumentException("tracking URI must be http(s): " + trackingUri);
    }
  }

  /** A configuration with the default retries and timeout. */
  public static MlflowConfig of(URI trackingUri) {
    return new MlflowConfig(trackingUri, RetrySettings.DEFAULT, DEFAULT_REQUEST_TIMEOUT);
  }

  /**
   * Reads the tracking server from {@code SPAMFLOW_MLFLOW_URI}, else {@code MLFLOW_TRACKING_URI}.
   *
   * @throws IllegalStateException if neither is set
   */
  public static MlflowConfig fromEnv(Map<String, String> env) {
    Settings settings = Settings.of(env);
    String uri =
        settings
            .get(URI_ENV)
            .or(() -> settings.get(MLFLOW_URI_ENV))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        URI_ENV
                            + " (or "
                            + MLFLOW_URI_ENV
                            + ") is not set; it names the MLflow server"));
    return of(URI.create(uri));
  }

  /** The same configuration with other retries. */
  public MlflowConfig withRetry(RetrySettings otherRetry) {
    return new MlflowConfig(trackingUri, otherRetry, requestTimeout);
  }
}
