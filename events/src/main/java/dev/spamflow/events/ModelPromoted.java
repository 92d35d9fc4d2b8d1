package dev.spamflow.events;

import java.util.Map;
import java.util.Objects;

/**
 * Data of {@value EventTypes#MODEL_PROMOTED}: a model version passed the quality gate and now holds
 * the alias; inference services load {@code bundleUri} and swap models in place.
 *
 * @param model the registered model, e.g. {@code spam-detector}
 * @param version the promoted version
 * @param alias the alias it now holds, e.g. {@code champion}
 * @param runId the run that trained it
 * @param bundleUri where the bundle is
 * @param metrics the version's metrics on the gate's held-out data
 * @param previousVersion the version that held the alias before, or null for the first champion
 * @param previousMetrics the previous holder's metrics on the same data; empty when there was none
 */
public record ModelPromoted(
    String model,
    String version,
    String alias,
    String runId,
    String bundleUri,
    Map<String, Double> metrics,
    String previousVersion,
    Map<String, Double> previousMetrics)
    implements SpamflowEventData {
  /**
   * Validates and copies the fields.
   *
   * @throws NullPointerException or IllegalArgumentException naming a missing or blank field
   */
  public ModelPromoted {
    Checks.text(model, "model");
    Checks.text(version, "version");
    Checks.text(alias, "alias");
    Checks.text(runId, "runId");
    Checks.text(bundleUri, "bundleUri");
    metrics = Map.copyOf(Objects.requireNonNull(metrics, "metrics is required"));
    previousMetrics = previousMetrics == null ? Map.of() : Map.copyOf(previousMetrics);
  }

  @Override
  public EventType eventType() {
    return EventType.MODEL_PROMOTED;
  }

  @Override
  public String subject() {
    return model + "/" + version;
  }
}
