package dev.spamflow.pipeline.train;

import dev.spamflow.pipeline.FileEntry;
import java.util.List;
import java.util.Objects;

/**
 * How one trial of a search ended, kept in {@code training/<id>/[retrain/<name>/]trials/<n>.json}
 * once it has: written last, so its presence means the trial's run is closed and its bundle is in
 * the store. A trial with an outcome is never trained again — not by a second delivery, not by an
 * attempt that takes over a crashed search — and the select step reads nothing else.
 *
 * @param number the trial's number in the plan
 * @param runId its child run
 * @param status {@link Status#FINISHED} (a candidate) or {@link Status#STOPPED} (hopeless)
 * @param validationF1 the cross-validated F1 the search ranks trials by; 0 when stopped
 * @param detail why it was stopped, or {@code ""}
 * @param bundle the bundle's files in the store (empty when stopped), each with its SHA-256
 */
record TrialOutcome(
    int number,
    String runId,
    Status status,
    double validationF1,
    String detail,
    List<FileEntry> bundle) {

  /** How a trial ended. */
  enum Status {
    /** Trained to the end; its bundle is a candidate. */
    FINISHED,
    /** Stopped early by {@link HopelessTrial}: no candidate, and not worth training again. */
    STOPPED
  }

  TrialOutcome {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
    bundle = List.copyOf(bundle);
  }
}
