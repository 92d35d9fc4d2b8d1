package dev.spamflow.adapters.postgres;

import dev.spamflow.core.port.DriftMetric;
import dev.spamflow.core.port.DriftRecorder;
import dev.spamflow.core.port.DriftRecorderException;
import dev.spamflow.core.port.DriftRun;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Drift runs and metrics in PostgreSQL: tables {@code drift_runs} and {@code drift_metrics}, whose
 * schema Flyway creates and migrates on {@link #open} ({@code db/migration/drift}). A run is
 * written in one transaction: its summary upserted, its metrics deleted and inserted again, so a
 * recorded run id is replaced, never doubled.
 *
 * <p>A connection per call and no pool: the drift stage records one run every few hours.
 */
public final class PostgresDriftRecorder implements DriftRecorder {
  /** Flyway's history table, named so it cannot meet another application's. */
  static final String HISTORY_TABLE = "spamflow_drift_schema_history";

  private final PGSimpleDataSource dataSource;
  private final String url;

  private PostgresDriftRecorder(PGSimpleDataSource dataSource, String url) {
    this.dataSource = dataSource;
    this.url = url;
  }

  /**
   * Connects and brings the schema up to date.
   *
   * @param config where the database is
   * @return the recorder
   * @throws DriftRecorderException when the database cannot be reached or migrated
   */
  public static PostgresDriftRecorder open(PostgresConfig config) {
    Objects.requireNonNull(config, "config");
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(config.jdbcUrl());
    dataSource.setUser(config.user());
    dataSource.setPassword(config.password());
    dataSource.setConnectTimeout(10);
    dataSource.setApplicationName("spamflow-drift");
    try {
      Flyway.configure()
          .dataSource(dataSource)
          .locations("classpath:db/migration/drift")
          .table(HISTORY_TABLE)
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .load()
          .migrate();
    } catch (RuntimeException e) {
      throw new DriftRecorderException(
          config.jdbcUrl() + ": cannot migrate the drift schema: " + e.getMessage(), e);
    }
    return new PostgresDriftRecorder(dataSource, config.jdbcUrl());
  }

  @Override
  public void record(DriftRun run, List<DriftMetric> metrics) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        upsertRun(connection, run);
        try (PreparedStatement delete =
            connection.prepareStatement("DELETE FROM drift_metrics WHERE run_id = ?")) {
          delete.setString(1, run.id());
          delete.executeUpdate();
        }
        insertMetrics(connection, run, metrics);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new DriftRecorderException(
          url + ": cannot record drift run " + run.id() + ": " + e.getMessage(), e);
    }
  }

  private static void upsertRun(Connection connection, DriftRun run) throws SQLException {
    try (PreparedStatement upsert =
        connection.prepareStatement(
            "INSERT INTO drift_runs (run_id, window_start, window_end, model, model_version,"
                + " messages, status, drifted, report_key, checked_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (run_id) DO UPDATE SET window_start = EXCLUDED.window_start,"
                + " window_end = EXCLUDED.window_end, model = EXCLUDED.model,"
                + " model_version = EXCLUDED.model_version, messages = EXCLUDED.messages,"
                + " status = EXCLUDED.status, drifted = EXCLUDED.drifted,"
                + " report_key = EXCLUDED.report_key, checked_at = EXCLUDED.checked_at")) {
      upsert.setString(1, run.id());
      upsert.setTimestamp(2, Timestamp.from(run.windowStart()));
      upsert.setTimestamp(3, Timestamp.from(run.windowEnd()));
      upsert.setString(4, run.model());
      upsert.setString(5, run.modelVersion());
      upsert.setLong(6, run.messages());
      upsert.setString(7, run.status());
      upsert.setBoolean(8, run.drifted());
      upsert.setString(9, run.reportKey());
      upsert.setTimestamp(10, Timestamp.from(run.checkedAt()));
      upsert.executeUpdate();
    }
  }

  private static void insertMetrics(Connection connection, DriftRun run, List<DriftMetric> metrics)
      throws SQLException {
    if (metrics.isEmpty()) {
      return;
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO drift_metrics (run_id, position, window_start, window_end,"
                + " model_version, subject, metric, value, threshold, drifted)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      int position = 0;
      for (DriftMetric metric : metrics) {
        insert.setString(1, run.id());
        insert.setInt(2, position++);
        insert.setTimestamp(3, Timestamp.from(run.windowStart()));
        insert.setTimestamp(4, Timestamp.from(run.windowEnd()));
        insert.setString(5, run.modelVersion());
        insert.setString(6, metric.subject());
        insert.setString(7, metric.metric());
        insert.setDouble(8, metric.value());
        if (Double.isNaN(metric.threshold())) {
          insert.setNull(9, Types.DOUBLE);
        } else {
          insert.setDouble(9, metric.threshold());
        }
        insert.setBoolean(10, metric.drifted());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  @Override
  public Optional<DriftRun> run(String id) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT run_id, window_start, window_end, model, model_version, messages, status,"
                    + " drifted, report_key, checked_at FROM drift_runs WHERE run_id = ?")) {
      select.setString(1, id);
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new DriftRun(
                rows.getString(1),
                rows.getTimestamp(2).toInstant(),
                rows.getTimestamp(3).toInstant(),
                rows.getString(4),
                rows.getString(5),
                rows.getLong(6),
                rows.getString(7),
                rows.getBoolean(8),
                rows.getString(9),
                rows.getTimestamp(10).toInstant()));
      }
    } catch (SQLException e) {
      throw new DriftRecorderException(
          url + ": cannot read drift run " + id + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<DriftMetric> metrics(String runId) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT subject, metric, value, threshold, drifted FROM drift_metrics"
                    + " WHERE run_id = ? ORDER BY position")) {
      select.setString(1, runId);
      List<DriftMetric> metrics = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          double threshold = rows.getDouble(4);
          // wasNull() speaks of the column read last: ask it before reading another.
          if (rows.wasNull()) {
            threshold = Double.NaN;
          }
          metrics.add(
              new DriftMetric(
                  rows.getString(1),
                  rows.getString(2),
                  rows.getDouble(3),
                  threshold,
                  rows.getBoolean(5)));
        }
      }
      return metrics;
    } catch (SQLException e) {
      throw new DriftRecorderException(
          url + ": cannot read the metrics of drift run " + runId + ": " + e.getMessage(), e);
    }
  }
}
