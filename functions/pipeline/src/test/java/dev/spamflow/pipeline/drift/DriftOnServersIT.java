package dev.spamflow.pipeline.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.adapters.minio.MinioConfig;
import dev.spamflow.adapters.minio.MinioObjectStore;
import dev.spamflow.adapters.mlflow.MlflowConfig;
import dev.spamflow.adapters.mlflow.MlflowModelRegistry;
import dev.spamflow.adapters.postgres.PostgresConfig;
import dev.spamflow.adapters.postgres.PostgresDriftRecorder;
import dev.spamflow.core.drift.DriftReport;
import dev.spamflow.core.port.DriftMetric;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drift stage on real servers: the prediction log in MinIO, the champion in MLflow, the metrics
 * in PostgreSQL — the servers {@code scripts/servers.sh} starts. A missing one fails.
 */
class DriftOnServersIT {
  private static final String FIX =
      "start the servers first: source scripts/servers.sh && servers_install && servers_up";
  // Its own model name: the MLflow server is shared with the other integration tests.
  private static final String MODEL = "spam-detector-drift-it";

  @Test
  void anEMailWindowInMinioDriftsAndItsMetricsLandInPostgres(@TempDir Path temp) throws Exception {
    Map<String, String> env = System.getenv();
    for (String name :
        List.of(MinioConfig.ENDPOINT_ENV, MlflowConfig.URI_ENV, PostgresConfig.URL_ENV)) {
      if (env.get(name) == null || env.get(name).isBlank()) {
        throw new IllegalStateException(name + " is not set; " + FIX);
      }
    }
    MinioObjectStore store = MinioObjectStore.open(MinioConfig.fromEnv(env));
    MlflowModelRegistry registry = new MlflowModelRegistry(MlflowConfig.fromEnv(env));
    PostgresConfig postgres = PostgresConfig.fromEnv(env).orElseThrow();
    PostgresDriftRecorder recorder = PostgresDriftRecorder.open(postgres);
    DriftFixtures.Champion champion =
        DriftFixtures.train(store, registry, registry, MODEL, temp.resolve("tmp"));
    // A date no other test writes predictions for.
    Instant end = Instant.parse("2031-06-01T12:00:00Z").plusSeconds(System.nanoTime() % 3600);
    DriftFixtures.log(store, champion.emails().subList(0, 200), end, Duration.ofHours(6), "it");
    DriftFunction stage =
        new DriftFunction(
            store,
            registry,
            recorder,
            new DriftSettings(
                MODEL,
                "champion",
                Duration.ofHours(6),
                0,
                100_000,
                temp.resolve("downloads"),
                DriftSettings.DEFAULT.seed()),
            Clock.systemUTC());

    DriftResult result = stage.apply(end);
    DriftResult again = stage.apply(end);

    assertThat(result.status()).isEqualTo(DriftReport.CHECKED);
    assertThat(result.report().drifted()).isTrue();
    assertThat(result.event()).isPresent();
    assertThat(store.stat(result.reportKey() + DriftFunction.REPORT_HTML)).isPresent();
    assertThat(again.repeated()).isTrue();
    List<DriftMetric> expected = result.report().metrics();
    assertThat(recorder.metrics(result.runId())).isEqualTo(expected);
    try (Connection connection =
            DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT count(*), bool_or(drifted), min(model_version) FROM drift_metrics"
                    + " WHERE run_id = ?")) {
      select.setString(1, result.runId());
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        // Checked twice, recorded once.
        assertThat(rows.getInt(1)).isEqualTo(expected.size());
        assertThat(rows.getBoolean(2)).isTrue();
        assertThat(rows.getString(3)).isEqualTo(result.event().orElseThrow().version());
      }
    }
  }
}
