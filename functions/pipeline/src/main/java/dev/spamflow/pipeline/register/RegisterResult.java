package dev.spamflow.pipeline.register;

import dev.spamflow.events.ModelPromoted;
import dev.spamflow.events.ModelRejected;
import dev.spamflow.events.SpamflowEventData;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What one register call decided; maps onto {@link ModelPromoted} or {@link ModelRejected}.
 *
 * @param outcome promoted or rejected
 * @param model the registered model
 * @param version the candidate's version
 * @param alias the alias the gate moves
 * @param runId the run the candidate was registered from
 * @param bundleUri where the candidate's bundle is, {@code models:/<model>/<version>}
 * @param metrics the candidate's metrics on the held-out test part
 * @param champion the version that held the alias when the gate ran, if any
 * @param championMetrics its metrics on the same data; empty when there was none
 * @param reason the rule's verdict in words
 * @param repeated whether this call found the run already registered and gated (nothing changed)
 */
public record RegisterResult(
    Outcome outcome,
    String model,
    int version,
    String alias,
    String runId,
    String bundleUri,
    Map<String, Double> metrics,
    OptionalInt champion,
    Map<String, Double> championMetrics,
    String reason,
    boolean repeated) {

  /** The gate's verdict. */
  public enum Outcome {
    /** The candidate holds the alias now. */
    PROMOTED,
    /** The candidate was not good enough; the alias is unchanged. */
    REJECTED
  }

  /** Copies the maps and checks for nulls. */
  public RegisterResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(bundleUri, "bundleUri");
    metrics = Map.copyOf(metrics);
    Objects.requireNonNull(champion, "champion");
    championMetrics = Map.copyOf(championMetrics);
    Objects.requireNonNull(reason, "reason");
  }

  /**
   * Returns the event data to emit.
   *
   * @return {@link ModelPromoted} or {@link ModelRejected}
   */
  public SpamflowEventData event() {
    String championVersion = champion.isPresent() ? Integer.toString(champion.getAsInt()) : null;
    return switch (outcome) {
      case PROMOTED ->
          new ModelPromoted(
              model,
              Integer.toString(version),
              alias,
              runId,
              bundleUri,
              metrics,
              championVersion,
              championMetrics);
      case REJECTED ->
          new ModelRejected(
              model,
              Integer.toString(version),
              runId,
              reason,
              metrics,
              championVersion,
              championMetrics);
    };
  }
}
