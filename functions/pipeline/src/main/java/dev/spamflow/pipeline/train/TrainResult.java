package dev.spamflow.pipeline.train;

import dev.spamflow.events.ModelTrained;
import dev.spamflow.pipeline.DatasetRef;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one train call did; a trained result maps onto {@link ModelTrained}.
 *
 * @param status the outcome
 * @param dataset the dataset asked for
 * @param runId the search's parent run, whose artifacts hold the candidate bundle under {@value
 *     TrainFunction#MODEL_ARTIFACTS}; {@code ""} unless trained
 * @param bestTrialRunId the winning trial's child run; {@code ""} unless trained
 * @param bundleUri {@code runs:/<runId>/model}; {@code ""} unless trained
 * @param metrics the candidate's validation and test metrics by name
 * @param params the candidate's hyper-parameters by name
 * @param trials how many trials finished
 * @param detail why nothing was trained, or {@code ""}
 */
public record TrainResult(
    Status status,
    DatasetRef dataset,
    String runId,
    String bestTrialRunId,
    String bundleUri,
    Map<String, Double> metrics,
    Map<String, String> params,
    int trials,
    String detail) {

  /** How a train call ended. */
  public enum Status {
    /** A search ran and left a candidate. */
    TRAINED,
    /** The dataset was trained on before (a redelivered event); the earlier result. */
    ALREADY_TRAINED,
    /** There is no curated manifest for the dataset; nothing to do. */
    CURATED_MISSING
  }

  /** Copies the maps and checks for nulls. */
  public TrainResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(bestTrialRunId, "bestTrialRunId");
    Objects.requireNonNull(bundleUri, "bundleUri");
    metrics = Map.copyOf(metrics);
    params = Map.copyOf(params);
    Objects.requireNonNull(detail, "detail");
  }

  /**
   * Returns the event data to emit.
   *
   * @return {@link ModelTrained} for a trained or already trained dataset, empty otherwise
   */
  public Optional<ModelTrained> event() {
    if (status == Status.CURATED_MISSING) {
      return Optional.empty();
    }
    return Optional.of(new ModelTrained(runId, dataset.id(), bundleUri, metrics, params, trials));
  }
}
