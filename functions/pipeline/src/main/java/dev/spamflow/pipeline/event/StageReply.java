package dev.spamflow.pipeline.event;

import io.cloudevents.CloudEvent;
import java.util.Objects;
import java.util.Optional;

/**
 * What a stage did with one event.
 *
 * @param result the stage's own result, for reports and logs
 * @param event the event to publish, empty when the stage has nothing to announce (the object was
 *     gone, the dataset cannot be trained on)
 * @param <R> the stage's result type
 */
public record StageReply<R>(R result, Optional<CloudEvent> event) {
  /** Checks for nulls. */
  public StageReply {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(event, "event");
  }
}
