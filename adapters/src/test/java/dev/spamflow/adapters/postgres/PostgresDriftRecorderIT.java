package dev.spamflow.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spamflow.adapters.TestServers;
import dev.spamflow.core.port.DriftRecorder;
import dev.spamflow.core.port.DriftRecorderContract;
import dev.spamflow.core.port.DriftRecorderException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The drift recorder contract against the PostgreSQL that {@code scripts/servers.sh} started. */
class PostgresDriftRecorderIT extends DriftRecorderContract {

  static PostgresConfig config() {
    TestServers.require(PostgresConfig.URL_ENV);
    return PostgresConfig.fromEnv(System.getenv()).orElseThrow();
  }

  @Override
  protected DriftRecorder recorder() {
    return PostgresDriftRecorder.open(config());
  }

  @Test
  void openingTwiceLeavesOneAppliedMigration() throws Exception {
    PostgresDriftRecorder.open(config());
    PostgresConfig config = config();
    try (Connection connection =
            DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM "
                    + PostgresDriftRecorder.HISTORY_TABLE
                    + " WHERE version = '1' AND success")) {
      rows.next();
      assertThat(rows.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void anUnreachableDatabaseNamesItsUrl() {
    int port;
    try {
      port = TestServers.freePort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/spamflow";
    assertThatThrownBy(() -> PostgresDriftRecorder.open(new PostgresConfig(url, "spamflow", "x")))
        .isInstanceOf(DriftRecorderException.class)
        .hasMessageContaining(url);
  }

  @Test
  void thePasswordIsNeverPrinted() {
    PostgresConfig config = new PostgresConfig("jdbc:postgresql://h/db", "u", "secret-pw");
    assertThat(config.toString()).doesNotContain("secret-pw").contains("password=***");
  }
}
