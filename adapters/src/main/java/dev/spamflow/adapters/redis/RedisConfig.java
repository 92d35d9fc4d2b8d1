package dev.spamflow.adapters.redis;

import dev.spamflow.adapters.Settings;
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

  /**
   * Environment variable holding the URL (or {@code …_FILE} naming a file that holds it, as the URL
   * may carry the password); Redis is used exactly when it is set.
   */
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
              + masked(url));
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
    // The URL may carry a password, so it may come from a file too (URL_ENV + "_FILE").
    Settings settings = Settings.of(env);
    if (settings.get(URL_ENV).isEmpty() && settings.get(URL_ENV + "_FILE").isEmpty()) {
      return Optional.empty();
    }
    String url = settings.secret(URL_ENV);
    URI uri;
    try {
      uri = URI.create(url.strip());
    } catch (IllegalArgumentException e) {
      // Not e's message: it quotes the value, which may hold the password.
      throw new IllegalArgumentException(
          URL_ENV + " is not a URL such as redis://host:6379 (the value is not shown)");
    }
    return Optional.of(
        new RedisConfig(
            uri, env.getOrDefault(PROJECT_ENV, DEFAULT_PROJECT).strip(), DEFAULT_JOIN_KEY));
  }

  @Override
  public String toString() {
    return "RedisConfig[url=" + masked(url) + ", project=" + project + ", joinKey=" + joinKey + "]";
  }

  /** The URL with any user and password replaced by {@code ***}. */
  private static String masked(URI url) {
    // By hand, not getRawUserInfo(): that is null whenever the authority does not parse as
    // host:port, and such a URL may still hold a password.
    String text = url.toString();
    int start = text.indexOf("://");
    if (start < 0) {
      return text;
    }
    int end = text.indexOf('/', start + 3);
    String authority = end < 0 ? text.substring(start + 3) : text.substring(start + 3, end);
    int at = authority.lastIndexOf('@');
    return at < 0 ? text : text.substring(0, start + 3) + "***" + text.substring(start + 3 + at);
  }
}
