package dev.spamflow.adapters.redis;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach the Redis that holds the online features, and the Feast names its keys carry.
 *
 * @param url e.g. {@code redis://127.0.0.1:6379} (a password as {@code redis://:secret@host:port},
 *     a database as {@code /2}; {@code rediss://} for TLS)
 * @param project the Feast project, which every key ends with ({@code project} in {@code
 *     feature_repo/feature_store.yaml})
 * @param joinKey the entity's join key ({@code message_id})
 */
public record RedisConfig(URI url, String project, String joinKey) {

  /** Environment variable holding the URL; Redis is used exactly when it is set. */
  public static final String URL_ENV = "SPAMFLOW_REDIS_URL";

  /** Environment variable holding the Feast project (default {@value #DEFAULT_PROJECT}). */
  public static final String PROJECT_ENV = "SPAMFLOW_FEAST_PROJECT";

  /** The project {@code feature_repo/feature_store.yaml} names. */
  public static final String DEFAULT_PROJECT = "spamflow";

  /** The join key of the {@code message} entity in {@code feature_repo/}. */
  public static final String DEFAULT_JOIN_KEY = "message_id";

  /** Validates the arguments. */
  public RedisConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(joinKey, "joinKey");
    if (!"redis".equals(url.getScheme()) && !"rediss".equals(url.getScheme())) {
      throw new IllegalArgumentException(
          URL_ENV
              + " must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379; got "
              + url);
    }
    if (project.isBlank() || joinKey.isBlank()) {
      throw new IllegalArgumentException("the Feast project and join key must not be blank");
    }
  }

  /**
   * Reads the configuration from environment variables (pass {@code System.getenv()}).
   *
   * @param env the environment
   * @return the configuration, or empty when {@link #URL_ENV} is not set
   * @throws IllegalArgumentException naming the variable when the URL is not one
   */
  public static Optional<RedisConfig> fromEnv(Map<String, String> env) {
    String url = env.get(URL_ENV);
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = URI.create(url.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(URL_ENV + " is not a URL: " + e.getMessage(), e);
    }
    return Optional.of(
        new RedisConfig(
            uri, env.getOrDefault(PROJECT_ENV, DEFAULT_PROJECT).strip(), DEFAULT_JOIN_KEY));
  }

  @Override
  public String toString() {
    String shown =
        url.getUserInfo() == null
            ? url.toString()
            : url.toString().replace(url.getUserInfo() + "@", "***@");
    return "RedisConfig[url=" + shown + ", project=" + project + ", joinKey=" + joinKey + "]";
  }
}
