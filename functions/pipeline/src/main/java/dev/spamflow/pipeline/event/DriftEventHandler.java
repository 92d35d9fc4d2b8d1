package dev.spamflow.pipeline.event;

import dev.spamflow.pipeline.drift.DriftFunction;
import dev.spamflow.pipeline.drift.DriftResult;
import io.cloudevents.CloudEvent;
import java.util.Objects;

/**
 * Drift behind its edge: the PingSource's {@value #PING} in, {@code dev.spamflow.drift.detected}
 * out when the window drifted. The window ends at the event's {@code time}, which Knative's
 * PingSource always sets to the scheduled time: a redelivered ping checks the same window.
 */
public final class DriftEventHandler implements StageEventHandler<DriftResult> {
  /** The stage's name. */
  public static final String STAGE = "drift";

  /** The CloudEvent type a Knative PingSource sends. */
  public static final String PING = "dev.knative.sources.ping";

  private final DriftFunction drift;

  /**
   * Creates the handler.
   *
   * @param drift the stage
   */
  public DriftEventHandler(DriftFunction drift) {
    this.drift = Objects.requireNonNull(drift, "drift");
  }

  @Override
  public String stage() {
    return STAGE;
  }

  @Override
  public StageReply<DriftResult> handle(CloudEvent event) {
    if (!PING.equals(event.getType())) {
      throw new InvalidEventException(
          StageEventHandler.describe(event)
              + " is not handled by "
              + STAGE
              + ", which takes "
              + PING
              + " (the drift-check PingSource)");
    }
    if (event.getTime() == null) {
      throw new InvalidEventException(
          StageEventHandler.describe(event)
              + " has no time attribute: the drift window ends at the ping's time, so that a"
              + " redelivered ping checks the same window; send ce-time (RFC 3339)");
    }
    DriftResult result = drift.apply(event.getTime().toInstant());
    return new StageReply<>(
        result, result.event().map(detected -> StageEventHandler.reply(STAGE, event, detected)));
  }
}
