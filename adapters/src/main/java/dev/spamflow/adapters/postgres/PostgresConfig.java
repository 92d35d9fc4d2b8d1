package dev.spamflow.adapters.postgres;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach PostgreSQL.
 *
 * @param jdbcUrl e.g. {@code jdbc:postgresql://127.0.0.1:5432/spamflow}
 * @param user the role
 * @param password its password; never printed
 */
public record PostgresConfig(String jdbcUrl, String user, String password) {
  /** Environment variable holding the JDBC URL; PostgreSQL is used exactly when it is set. */
  public static final String URL_ENV = "SPAMFLOW_POSTGRES_URL";

  /** Environment variable holding the role (default {@code spamflow}). */
  public static final String USER_ENV = "SPAMFLOW_POSTGRES_USER";

  /** Environment variable holding the password (default empty). */
  public static final String PASSWORD_ENV = "SPAMFLOW_POSTGRES_PASSWORD";

  /** Validates the arguments. */
  public PostgresConfig {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          URL_ENV
              + " must be a jdbc:postgresql: URL, e.g. jdbc:postgresql://127.0.0.1:5432/spamflow;"
              + " got "
              + jdbcUrl);
    }
  }

  /**
   * Reads the configuration from environment variables (pass {@code System.getenv()}).
   *
   * @param env the environment
   * @return the configuration, or empty when {@link #URL_ENV} is not set
   */
  public static Optional<PostgresConfig> fromEnv(Map<String, String> env) {
    String url = env.get(URL_ENV);
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(
        new PostgresConfig(
            url.strip(),
            env.getOrDefault(USER_ENV, "spamflow"),
            env.getOrDefault(PASSWORD_ENV, "")));
  }

  @Override
  public String toString() {
    return "PostgresConfig[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=***]";
  }
}
