package dev.spamflow.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.spamflow.core.port.DriftMetric;
import dev.spamflow.core.port.DriftRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every panel of the drift dashboard ({@code monitoring/grafana/dashboards/drift.json}) runs its
 * SQL, with Grafana's macros substituted, against the real PostgreSQL holding runs the recorder
 * wrote, and returns rows in the shape its panel reads. A renamed column or table fails here, not
 * silently on a dashboard.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrafanaDashboardIT {
  private static final Path GRAFANA = Path.of("../monitoring/grafana");
  private static final ObjectMapper JSON = new ObjectMapper();
  // Grafana's PostgreSQL macros that the dashboard uses; any other fails the test.
  private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\(([a-z_]+)\\)");
  private static final Instant FROM = Instant.parse("2031-03-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2031-03-02T00:00:00Z");

  private JsonNode dashboard;

  @BeforeAll
  void recordThreeChecks() throws Exception {
    dashboard = JSON.readTree(GRAFANA.resolve("dashboards/drift.json").toFile());
    PostgresDriftRecorder recorder = PostgresDriftRecorder.open(PostgresDriftRecorderIT.config());
    for (int i = 0; i < 3; i++) {
      Instant end = FROM.plus(Duration.ofHours(6L * (i + 1)));
      boolean drifted = i == 2;
      recorder.record(
          new DriftRun(
              "grafana-it-" + i,
              end.minus(Duration.ofHours(6)),
              end,
              "spam-detector",
              "4",
              300,
              "checked",
              drifted,
              "reports/drift/grafana-it-" + i + "/",
              end),
          List.of(
              new DriftMetric("text_length", "wasserstein", drifted ? 0.8 : 0.03, 0.1, drifted),
              new DriftMetric("text_length", "psi", 0.02, Double.NaN, false),
              new DriftMetric("has_url", "jensenshannon", 0.01, 0.1, false),
              new DriftMetric("domain_classifier", "roc_auc", drifted ? 0.9 : 0.5, 0.55, drifted),
              new DriftMetric("mmd", "permutation_p_value", drifted ? 0.005 : 0.4, 0.05, drifted),
              new DriftMetric("cosine", "cosine_distance", 0.001, 0.004, false),
              new DriftMetric("features", "drifted_share", drifted ? 0.6 : 0.0, 0.5, drifted),
              new DriftMetric("embeddings", "votes", drifted ? 2 : 0, 2, drifted)));
    }
  }

  @Test
  void everyPanelsSqlRunsAndReturnsRowsInTheShapeItsPanelReads() throws Exception {
    PostgresConfig config = PostgresDriftRecorderIT.config();
    List<String> checked = new ArrayList<>();
    try (Connection connection =
        DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password())) {
      for (JsonNode panel : dashboard.get("panels")) {
        assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
        for (JsonNode target : panel.get("targets")) {
          String sql = substitute(target.get("rawSql").asText());
          try (Statement statement = connection.createStatement();
              ResultSet rows = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rows.getMetaData();
            String where = panel.get("title").asText() + " / " + target.get("refId").asText();
            if (target.get("format").asText().equals("time_series")) {
              assertThat(meta.getColumnLabel(1)).as(where).isEqualTo("time");
              assertThat(meta.getColumnType(1)).as(where).isEqualTo(Types.TIMESTAMP);
              boolean numeric = false;
              for (int c = 2; c <= meta.getColumnCount(); c++) {
                numeric |= isNumber(meta.getColumnType(c));
              }
              assertThat(numeric).as(where + ": a numeric value column").isTrue();
            }
            assertThat(rows.next()).as(where + ": rows for the recorded checks").isTrue();
            checked.add(where);
          }
        }
      }
    }
    assertThat(checked).hasSizeGreaterThanOrEqualTo(dashboard.get("panels").size());
  }

  @Test
  void everyPanelUsesTheProvisionedDatasource() throws Exception {
    JsonNode provisioning =
        new ObjectMapper(new YAMLFactory())
            .readTree(
                Files.readString(
                    GRAFANA.resolve("provisioning/datasources/spamflow-postgres.yaml")));
    String uid = provisioning.get("datasources").get(0).get("uid").asText();
    for (JsonNode panel : dashboard.get("panels")) {
      assertThat(panel.get("datasource").get("uid").asText()).isEqualTo(uid);
      for (JsonNode target : panel.get("targets")) {
        assertThat(target.get("datasource").get("uid").asText()).isEqualTo(uid);
      }
    }
  }

  /** Replaces Grafana's macros as its PostgreSQL datasource expands them. */
  private static String substitute(String sql) {
    Matcher m = TIME_FILTER.matcher(sql);
    String expanded =
        m.replaceAll(
            match ->
                match.group(1)
                    + " BETWEEN '"
                    + FROM
                    + "'::timestamptz AND '"
                    + TO
                    + "'::timestamptz");
    assertThat(expanded).as("a macro this test does not expand").doesNotContain("$__");
    return expanded;
  }

  private static boolean isNumber(int type) {
    return type == Types.DOUBLE
        || type == Types.INTEGER
        || type == Types.BIGINT
        || type == Types.NUMERIC
        || type == Types.REAL
        || type == Types.FLOAT;
  }
}
