package dev.spamflow.core.port;

import java.util.List;
import java.util.Optional;

/**
 * Where drift runs and their metrics are recorded for people to look at (Grafana reads the
 * PostgreSQL adapter's tables). One run's record is written whole: recording a run id again
 * replaces its metrics, so a redelivered check never doubles a row.
 */
public interface DriftRecorder {

  /**
   * Records a run and its metrics, replacing an earlier record of the same run id.
   *
   * @param run the run's summary
   * @param metrics one row per feature or method and metric
   * @throws DriftRecorderException when the store cannot be written
   */
  void record(DriftRun run, List<DriftMetric> metrics);

  /**
   * Returns a recorded run.
   *
   * @param id the run id
   * @return the run, or empty when none has that id
   * @throws DriftRecorderException when the store cannot be read
   */
  Optional<DriftRun> run(String id);

  /**
   * Returns a run's metrics in the order they were recorded.
   *
   * @param runId the run id
   * @return the metrics, empty for an unknown run
   * @throws DriftRecorderException when the store cannot be read
   */
  List<DriftMetric> metrics(String runId);
}
