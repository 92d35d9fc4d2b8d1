package dev.spamflow.core.port;

/** The life-cycle state of an {@link ExperimentTracker} run. */
public enum RunStatus {
  /** Started and not yet finished. */
  RUNNING,
  /** Finished successfully. */
  FINISHED,
  /** Finished with an error. */
  FAILED,
  /** Stopped before it finished, e.g. a trial that lost against a better one. */
  KILLED
}
