package dev.spamflow.core.port;

import java.util.Map;
import java.util.Objects;

/**
 * One registered version of a model in a {@link ModelRegistry}.
 *
 * @param model the registered model's name, e.g. {@code spam-detector}
 * @param version the version number, 1 for the first, increasing by one per registration
 * @param runId the run whose artifacts the version was registered from
 * @param artifactPath the folder inside that run's artifacts that holds the model
 * @param tags the tags given at registration
 */
public record ModelVersion(
    String model, int version, String runId, String artifactPath, Map<String, String> tags) {

  /** Validates and copies the arguments. */
  public ModelVersion {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(artifactPath, "artifactPath");
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1: " + version);
    }
    tags = Map.copyOf(tags);
  }
}
