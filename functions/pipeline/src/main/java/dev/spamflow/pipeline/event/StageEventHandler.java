package dev.spamflow.pipeline.event;

import dev.spamflow.events.SpamflowEventData;
import dev.spamflow.events.SpamflowEvents;
import io.cloudevents.CloudEvent;
import java.net.URI;

/**
 * One stage behind its CloudEvent edge: takes the event a Trigger delivers, runs the stage and
 * returns its result with the event to publish.
 *
 * <p>Handling is idempotent, as the stages are: a redelivered event changes nothing and yields an
 * output event with the same id, derived from the input's id.
 *
 * @param <R> the stage's result type
 */
public interface StageEventHandler<R> {

  /** Returns the stage's name, which is also its Knative Service and function name. */
  String stage();

  /**
   * Runs the stage on {@code event}.
   *
   * @return the stage's result and the event to publish, if any
   * @throws InvalidEventException if the event's type, subject or data is not what the stage takes
   * @throws RuntimeException as the stage throws it; the port exceptions ({@code
   *     ObjectStoreException}, {@code ModelRegistryException}) are worth a retry
   */
  StageReply<R> handle(CloudEvent event);

  /**
   * Returns the output event of stage {@code stage} for {@code input}: source {@code
   * /spamflow/<stage>} and an id derived from the input's id, so a redelivered input produces the
   * same id and consumers can deduplicate.
   */
  static CloudEvent reply(String stage, CloudEvent input, SpamflowEventData data) {
    return SpamflowEvents.create(
        URI.create("/spamflow/" + stage), input.getId() + "." + stage, data);
  }

  /**
   * Returns a description of {@code event} for messages: its id and type.
   *
   * @param event the event
   * @return e.g. {@code event abc (dev.spamflow.model.trained)}
   */
  static String describe(CloudEvent event) {
    return "event " + event.getId() + " (" + event.getType() + ")";
  }
}
