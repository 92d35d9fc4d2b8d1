package dev.spamflow.core.port;

import java.time.Instant;
import java.util.Objects;

/**
 * The summary of one drift run: a row of {@code drift_runs}.
 *
 * @param id the run id, derived from the window and the model version
 * @param windowStart first prediction time considered (inclusive)
 * @param windowEnd last prediction time considered (exclusive)
 * @param model the registered model compared against
 * @param modelVersion its version
 * @param messages messages in the window
 * @param status {@code checked}, {@code no-reference}, {@code window-too-small} or {@code
 *     no-champion}
 * @param drifted the verdict
 * @param reportKey the report's folder in the object store
 * @param checkedAt when the run was made
 */
public record DriftRun(
    String id,
    Instant windowStart,
    Instant windowEnd,
    String model,
    String modelVersion,
    long messages,
    String status,
    boolean drifted,
    String reportKey,
    Instant checkedAt) {

  /** Checks for nulls. */
  public DriftRun {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(windowStart, "windowStart");
    Objects.requireNonNull(windowEnd, "windowEnd");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reportKey, "reportKey");
    Objects.requireNonNull(checkedAt, "checkedAt");
  }
}
