package dev.spamflow.events.bridge;

import dev.spamflow.adapters.Settings;
import dev.spamflow.adapters.http.HttpPublisherConfig;
import java.util.Map;
import java.util.Objects;

/**
 * The minio-bridge's settings, read once at start-up.
 *
 * @param port the port to listen on ({@code PORT}, as Knative sets it)
 * @param token the Bearer token MinIO must send ({@code SPAMFLOW_BRIDGE_TOKEN}, or the file in
 *     {@code SPAMFLOW_BRIDGE_TOKEN_FILE}); never logged
 * @param publisher where events go ({@code K_SINK}, {@code K_CE_OVERRIDES})
 */
public record BridgeConfig(int port, String token, HttpPublisherConfig publisher) {
  /** The variable naming the listening port. */
  public static final String PORT_ENV = "PORT";

  /** The variable holding the webhook token (or, with {@code _FILE}, a file holding it). */
  public static final String TOKEN_ENV = "SPAMFLOW_BRIDGE_TOKEN";

  /** The port used when {@code PORT} is unset. */
  public static final int DEFAULT_PORT = 8080;

  /**
   * Validates the settings.
   *
   * @throws IllegalArgumentException if the port is out of range or the token is blank
   */
  public BridgeConfig {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(PORT_ENV + " must be between 0 and 65535: " + port);
    }
    Objects.requireNonNull(token, "token");
    if (token.isBlank()) {
      throw new IllegalArgumentException(TOKEN_ENV + " must not be blank");
    }
    Objects.requireNonNull(publisher, "publisher");
  }

  /**
   * Reads the settings from environment variables.
   *
   * @throws IllegalStateException naming the variable that is missing or invalid: {@code K_SINK}
   *     and a token are required, since an unauthenticated bridge would let anyone start training
   */
  public static BridgeConfig fromEnv(Map<String, String> env) {
    Settings settings = Settings.of(env);
    int port = settings.port(PORT_ENV, DEFAULT_PORT);
    String token = settings.secret(TOKEN_ENV);
    try {
      return new BridgeConfig(port, token, HttpPublisherConfig.fromEnv(env));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Returns the settings with the token masked, so logging the configuration leaks nothing. */
  @Override
  public String toString() {
    return "BridgeConfig[port=" + port + ", token=****, publisher=" + publisher + "]";
  }
}
