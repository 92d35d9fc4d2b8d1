package dev.spamflow.events;

import java.util.Map;
import java.util.Objects;

/**
 * Data of {@value EventTypes#MODEL_REJECTED}: a model version failed the quality gate and was
 * tagged rejected; the champion is unchanged.
 *
 * @param model the registered model, e.g. {@code spam-detector}
 * @param version the rejected version
 * @param runId the run that trained it
 * @param reason the rule that failed, in words a reader can act on
 * @param metrics the version's metrics on the gate's held-out data
 * @param championVersion the version holding the alias, or null if none does
 * @param championMetrics the champion's metrics on the same data; empty when there is none
 */
public record ModelRejected(
    String model,
    String version,
    String runId,
    String reason,
    Map<String, Double> metrics,
    String championVersion,
    Map<String, Double> championMetrics)
    implements SpamflowEventData {
  /**
   * Validates and copies the fields.
   *
   * @throws NullPointerException or IllegalArgumentException naming a missing or blank field
   */
  public ModelRejected {
    Checks.text(model, "model");
    Checks.text(version, "version");
    Checks.text(runId, "runId");
    Checks.text(reason, "reason");
    metrics = Map.copyOf(Objects.requireNonNull(metrics, "metrics is required"));
    championMetrics = championMetrics == null ? Map.of() : Map.copyOf(championMetrics);
  }

  @Override
  public EventType eventType() {
    return EventType.MODEL_REJECTED;
  }

  @Override
  public String subject() {
    return model + "/" + version;
  }
}
