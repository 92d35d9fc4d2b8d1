package dev.spamflow.core.port;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Experiment tracking and model registry: runs with parameters, metrics, tags and artifacts;
 * registered model versions made from a run's artifacts; and aliases ({@code champion}, {@code
 * challenger}) that name one version each.
 *
 * <p>Names follow {@link #requireValidName}, aliases {@link #requireValidAlias}, artifact paths the
 * key rules of {@link ObjectKeys#requireValidKey} (or {@code ""} for a run's artifact root); an
 * invalid argument is an {@link IllegalArgumentException} before the registry is touched. A missing
 * run, model or version is a {@link RegistryEntryNotFoundException} unless the method returns an
 * {@link Optional}. Any other failure is a {@link ModelRegistryException} that names the operation.
 *
 * <p>Nothing is left half-registered: a version exists only with its artifacts, and an alias only
 * ever names an existing version. Alias moves are atomic. Implementations are safe for concurrent
 * use, and the embedded one for use by several processes.
 */
public interface ModelRegistry {
  /** Model, experiment, parameter, metric and tag names. */
  Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-/ ]{0,249}");

  /** Alias names; {@code latest} and {@code v<number>} are reserved by MLflow. */
  Pattern ALIAS = Pattern.compile("(?!latest$)(?!v[0-9]+$)[a-z][a-z0-9_\\-]{0,254}");

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
   * Lists the files of a run's artifacts below {@code artifactPath}, as paths relative to the run's
   * artifact root, in ascending order.
   *
   * @throws RegistryEntryNotFoundException if the run does not exist
   */
  List<String> listArtifacts(String runId, String artifactPath);

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

  /**
   * Returns every value logged for a metric, in ascending step order.
   *
   * @return the values, empty if the metric was never logged
   * @throws RegistryEntryNotFoundException if the run does not exist
   */
  List<MetricPoint> metricHistory(String runId, String key);

  /**
   * Registers a new version of {@code model} (creating the model if needed) from the files below
   * {@code artifactPath} in a run's artifacts.
   *
   * @return the new version, numbered one above the highest so far
   * @throws RegistryEntryNotFoundException if the run does not exist
   * @throws IllegalArgumentException if the run has no files below {@code artifactPath}
   */
  ModelVersion registerVersion(
      String model, String runId, String artifactPath, Map<String, String> tags);

  /** Returns one version of a model, or empty if the model or version does not exist. */
  Optional<ModelVersion> version(String model, int version);

  /** Returns every version of a model in ascending order, or an empty list for an unknown model. */
  List<ModelVersion> versions(String model);

  /**
   * Points {@code alias} of {@code model} at {@code version}, atomically moving it if it named
   * another version.
   *
   * @throws RegistryEntryNotFoundException if the model or version does not exist
   */
  void setAlias(String model, String alias, int version);

  /** Returns the version {@code alias} names, or empty if the model or alias does not exist. */
  Optional<ModelVersion> versionByAlias(String model, String alias);

  /** Removes {@code alias} from {@code model}; does nothing if it is not set. */
  void deleteAlias(String model, String alias);

  /**
   * Downloads a version's model files into {@code targetDirectory} (created if missing), keeping
   * their paths relative to the version's artifact folder.
   *
   * @throws RegistryEntryNotFoundException if the model or version does not exist
   */
  void downloadVersion(String model, int version, Path targetDirectory);

  /**
   * Checks a model, experiment, parameter, metric or tag name against {@link #NAME}.
   *
   * @return the name
   * @throws IllegalArgumentException if it does not match
   */
  static String requireValidName(String what, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(what + " must match " + NAME.pattern() + ": " + name);
    }
    return name;
  }

  /**
   * Checks an alias against {@link #ALIAS}.
   *
   * @return the alias
   * @throws IllegalArgumentException if it does not match
   */
  static String requireValidAlias(String alias) {
    if (alias == null || !ALIAS.matcher(alias).matches()) {
      throw new IllegalArgumentException(
          "alias must be lower case, start with a letter and not be 'latest' or 'v<number>': "
              + alias);
    }
    return alias;
  }

  /**
   * Checks an artifact path: {@code ""} or a valid object key.
   *
   * @return the path
   * @throws IllegalArgumentException if it is neither
   */
  static String requireValidArtifactPath(String artifactPath) {
    if (artifactPath == null) {
      throw new IllegalArgumentException("artifact path must not be null; use \"\" for the root");
    }
    return artifactPath.isEmpty() ? artifactPath : ObjectKeys.requireValidKey(artifactPath);
  }
}
