package dev.spamflow.devtools.broker;

import io.cloudevents.CloudEvent;
import java.util.Optional;

/**
 * What a Trigger delivers to in a local run: usually a stage function. Like a Knative subscriber it
 * may answer with a reply event, which goes back into the broker.
 */
@FunctionalInterface
public interface Subscriber {
  /**
   * Handles one event.
   *
   * @return a reply event to publish, or empty
   * @throws Exception to fail the delivery; it is retried as the Trigger's delivery spec says
   */
  Optional<CloudEvent> deliver(CloudEvent event) throws Exception;
}
