package dev.spamflow.events;

import java.util.Map;
import java.util.Objects;

/**
 * Data of {@value EventTypes#MODEL_TRAINED}: the best trial of a training run left a candidate
 * bundle; the register stage turns it into a model version and runs the quality gate.
 *
 * @param runId the MLflow run that holds the candidate bundle (the parent run of the
 *     hyper-parameter search; the winning trial is one of its child runs); the register stage is
 *     idempotent per run id
 * @param datasetId the curated dataset trained on
 * @param bundleUri where the bundle is, e.g. {@code runs:/<runId>/model} or {@code s3://spamflow/…}
 * @param metrics the candidate's metrics by name (validation and test F1, precision, recall…)
 * @param params the winning hyper-parameters by name, as strings
 * @param trials how many trials the run tried
 */
public record ModelTrained(
    String runId,
    String datasetId,
    String bundleUri,
    Map<String, Double> metrics,
    Map<String, String> params,
    int trials)
    implements SpamflowEventData {
  /**
   * Validates and copies the fields.
   *
   * @throws NullPointerException or IllegalArgumentException naming a missing or invalid field
   */
  public ModelTrained {
    Checks.text(runId, "runId");
    Checks.text(datasetId, "datasetId");
    Checks.text(bundleUri, "bundleUri");
    metrics = Map.copyOf(Objects.requireNonNull(metrics, "metrics is required"));
    params = Map.copyOf(Objects.requireNonNull(params, "params is required"));
    if (trials < 1) {
      throw new IllegalArgumentException("trials must be at least 1: " + trials);
    }
  }

  @Override
  public EventType eventType() {
    return EventType.MODEL_TRAINED;
  }

  @Override
  public String subject() {
    return runId;
  }
}
