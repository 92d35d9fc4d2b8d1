package dev.spamflow.core.port;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model registry: versions of a model made from a run's artifacts (see {@link
 * ExperimentTracker}), and aliases ({@code champion}, {@code challenger}) that name one version
 * each. The gate writes here; inference and the drift check read the champion.
 *
 * <p>Model names follow {@link RegistryNames#requireValidName}, aliases {@link
 * RegistryNames#requireValidAlias}; an invalid argument is an {@link IllegalArgumentException}
 * before the registry is touched. A missing run, model or version is a {@link
 * RegistryEntryNotFoundException} unless the method returns an {@link Optional}. Any other failure
 * is a {@link ModelRegistryException} that names the operation.
 *
 * <p>Nothing is left half-registered: a version exists only with its artifacts, and an alias only
 * ever names an existing version. Alias moves are atomic. Implementations are safe for concurrent
 * use, and the embedded one for use by several processes.
 */
public interface ModelRegistry {
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

  /**
   * Downloads a version's model files into {@code targetDirectory} (created if missing), keeping
   * their paths relative to the version's artifact folder.
   *
   * @throws RegistryEntryNotFoundException if the model or version does not exist
   */
  void downloadVersion(String model, int version, Path targetDirectory);
}
