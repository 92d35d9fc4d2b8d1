package dev.spamflow.pipeline.drift;

import dev.spamflow.core.drift.DriftReport;
import dev.spamflow.events.DriftDetected;
import java.util.Objects;
import java.util.Optional;

/**
 * What one drift check did.
 *
 * @param runId the run id, from the window's end and the model version
 * @param reportKey the report's folder in the object store
 * @param status the report's status, or {@link #NO_CHAMPION}
 * @param report the report
 * @param event the event to publish: present exactly when the window drifted
 * @param repeated true when an earlier check of the same window and version had already stored the
 *     report, which was returned as it was
 */
public record DriftResult(
    String runId,
    String reportKey,
    String status,
    DriftReport report,
    Optional<DriftDetected> event,
    boolean repeated) {

  /** There is no model version behind the alias yet: nothing to compare against. */
  public static final String NO_CHAMPION = "no-champion";

  /** Checks for nulls. */
  public DriftResult {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(reportKey, "reportKey");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(event, "event");
  }
}
