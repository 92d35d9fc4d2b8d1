package dev.spamflow.core.port;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One tracked training run (or trial) in an {@link ExperimentTracker}.
 *
 * @param id the registry's run id
 * @param experiment the experiment's name
 * @param parentRunId the run this trial belongs to, if any
 * @param status where the run is in its life cycle
 * @param params every parameter logged
 * @param metrics the last value logged for each metric (by step, then time)
 * @param tags the tags set by the caller (registry-internal tags are left out)
 */
public record Run(
    String id,
    String experiment,
    Optional<String> parentRunId,
    RunStatus status,
    Map<String, String> params,
    Map<String, Double> metrics,
    Map<String, String> tags) {

  /** Validates and copies the arguments. */
  public Run {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(parentRunId, "parentRunId");
    Objects.requireNonNull(status, "status");
    params = Map.copyOf(params);
    metrics = Map.copyOf(metrics);
    tags = Map.copyOf(tags);
  }
}
