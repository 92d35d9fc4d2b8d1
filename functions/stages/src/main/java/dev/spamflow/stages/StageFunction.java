package dev.spamflow.stages;

import dev.spamflow.core.port.EventPublisher;
import dev.spamflow.core.port.ObjectNotFoundException;
import dev.spamflow.core.port.RegistryEntryNotFoundException;
import dev.spamflow.pipeline.event.StageEventHandler;
import dev.spamflow.pipeline.event.StageReply;
import io.cloudevents.CloudEvent;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;

/**
 * One stage as the function a Knative Service runs: reads the CloudEvent from the request (either
 * content mode), runs the stage through its {@link StageEventHandler} and publishes the output
 * event through the {@link EventPublisher} port before returning, so a 2xx answer means the event
 * reached the broker.
 *
 * <p>What each outcome becomes: an event the stage cannot take throws {@link
 * dev.spamflow.pipeline.event.InvalidEventException} (400); an event about an object or run that is
 * gone is logged and acknowledged, since a retry cannot bring it back; every other failure
 * propagates (5xx), so Knative retries.
 */
public final class StageFunction implements Consumer<Message<byte[]>> {
  private static final Logger LOG = LoggerFactory.getLogger(StageFunction.class);

  private final StageEventHandler<?> handler;
  private final EventPublisher publisher;

  /**
   * Creates the function.
   *
   * @param handler the stage
   * @param publisher where output events go
   */
  public StageFunction(StageEventHandler<?> handler, EventPublisher publisher) {
    this.handler = Objects.requireNonNull(handler, "handler");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
  }

  @Override
  public void accept(Message<byte[]> message) {
    handle(CloudEventMessages.read(message));
  }

  /**
   * Runs the stage on an event and publishes its output.
   *
   * @return the event published, or empty when the stage had nothing to announce
   */
  public Optional<CloudEvent> handle(CloudEvent event) {
    String stage = handler.stage();
    StageReply<?> reply;
    try {
      reply = handler.handle(event);
    } catch (ObjectNotFoundException | RegistryEntryNotFoundException e) {
      // Redelivering cannot make a deleted object or run reappear: acknowledge, do not retry.
      LOG.warn(
          "{}: {} is about something that is gone; acknowledged without output: {}",
          stage,
          StageEventHandler.describe(event),
          e.getMessage());
      return Optional.empty();
    }
    reply
        .event()
        .ifPresentOrElse(
            output -> {
              publisher.publish(output);
              LOG.info(
                  "{}: {} -> published {}",
                  stage,
                  StageEventHandler.describe(event),
                  StageEventHandler.describe(output));
            },
            () ->
                LOG.info(
                    "{}: {} -> nothing to publish: {}",
                    stage,
                    StageEventHandler.describe(event),
                    reply.result()));
    return reply.event();
  }
}
