package dev.spamflow.core.port;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Experiment tracking: runs with parameters, metrics, tags and artifacts, trials as child runs of a
 * search. Training writes here; the gate reads a candidate's metrics back.
 *
 * <p>Names follow {@link RegistryNames#requireValidName}, artifact paths {@link
 * RegistryNames#requireValidArtifactPath}; an invalid argument is an {@link
 * IllegalArgumentException} before the tracker is touched. A missing run is a {@link
 * RegistryEntryNotFoundException}. Any other failure is a {@link ModelRegistryException} that names
 * the operation. Implementations are safe for concurrent use, and the embedded one for use by
 * several processes.
 *
 * <p>MLflow serves this and {@link ModelRegistry} from one server, so each adapter implements both;
 * a stage depends only on the one it uses.
 */
public interface ExperimentTracker {
  /**
   * Starts a run in {@code experiment}, creating the experiment if it does not exist.
   *
   * @param parentRunId the run this one is a trial of, or empty
   * @param tags initial tags
   * @return the new run, {@link RunStatus#RUNNING}
   * @throws RegistryEntryNotFoundException if the parent run does not exist
   */
  Run startRun(String experiment, Optional<String> parentRunId, Map<String, String> tags);

  /**
   * Logs parameters of a run; logging a parameter again with the same value is allowed.
   *
   * @throws RegistryEntryNotFoundException if the run does not exist
   */
  void logParams(String runId, Map<String, String> params);

  /**
   * Logs one value of a metric at a step (epoch, trial number).
   *
   * @throws RegistryEntryNotFoundException if the run does not exist
   */
  void logMetric(String runId, String key, double value, long step);

  /**
   * Sets tags on a run, replacing earlier values of the same tags.
   *
   * @throws RegistryEntryNotFoundException if the run does not exist
   */
  void setTags(String runId, Map<String, String> tags);

  /**
   * Uploads a file, or a directory with everything below it, into a run's artifacts: a file lands
   * at {@code artifactPath/<file name>}, a directory's contents below {@code artifactPath}.
   *
   * @param artifactPath folder inside the run's artifacts, {@code ""} for the root
   * @throws RegistryEntryNotFoundException if the run does not exist
   * @throws IllegalArgumentException if {@code source} does not exist
   */
  void uploadArtifacts(String runId, Path source, String artifactPath);

  /**
   * Ends a run.
   *
   * @param status {@link RunStatus#FINISHED}, {@link RunStatus#FAILED} or {@link RunStatus#KILLED}
   * @throws RegistryEntryNotFoundException if the run does not exist
   */
  void finishRun(String runId, RunStatus status);

  /**
   * Returns a run with its parameters, latest metrics and tags.
   *
   * @throws RegistryEntryNotFoundException if the run does not exist
   */
  Run getRun(String runId);
}
