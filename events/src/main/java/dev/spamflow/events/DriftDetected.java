package dev.spamflow.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Data of {@value EventTypes#DRIFT_DETECTED}: predictions in a time window drifted from the
 * training reference of the serving model; the trainer retrains on it.
 *
 * @param reportKey the drift report's folder, e.g. {@code reports/drift/<time>/}
 * @param model the registered model that served the predictions
 * @param version the model version that served them
 * @param referenceDatasetId the curated dataset whose reference statistics were compared
 * @param windowStart first prediction time considered (inclusive)
 * @param windowEnd last prediction time considered (exclusive)
 * @param predictions how many predictions the window held
 * @param statistics the drift statistics by name (e.g. PSI of the score, token-share distance)
 * @param drifted the statistics that crossed their threshold; never empty
 */
public record DriftDetected(
    String reportKey,
    String model,
    String version,
    String referenceDatasetId,
    Instant windowStart,
    Instant windowEnd,
    long predictions,
    Map<String, Double> statistics,
    List<String> drifted)
    implements SpamflowEventData {
  /**
   * Validates and copies the fields.
   *
   * @throws NullPointerException or IllegalArgumentException naming a missing or invalid field
   */
  public DriftDetected {
    Checks.text(reportKey, "reportKey");
    Checks.text(model, "model");
    Checks.text(version, "version");
    Checks.text(referenceDatasetId, "referenceDatasetId");
    Objects.requireNonNull(windowStart, "windowStart is required");
    Objects.requireNonNull(windowEnd, "windowEnd is required");
    if (!windowEnd.isAfter(windowStart)) {
      throw new IllegalArgumentException("windowEnd must be after windowStart");
    }
    Checks.count(predictions, "predictions");
    statistics = Map.copyOf(Objects.requireNonNull(statistics, "statistics is required"));
    drifted = List.copyOf(Objects.requireNonNull(drifted, "drifted is required"));
    if (drifted.isEmpty()) {
      throw new IllegalArgumentException("drifted must name at least one statistic");
    }
  }

  @Override
  public EventType eventType() {
    return EventType.DRIFT_DETECTED;
  }

  @Override
  public String subject() {
    return reportKey;
  }
}
