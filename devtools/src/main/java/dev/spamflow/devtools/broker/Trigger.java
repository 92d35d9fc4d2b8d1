package dev.spamflow.devtools.broker;

import java.util.Objects;

/**
 * A Knative Trigger as the in-process broker uses it.
 *
 * @param name the Trigger's {@code metadata.name}
 * @param broker the broker it subscribes to ({@code spec.broker})
 * @param filter which events it passes on
 * @param subscriber the subscriber's name: {@code spec.subscriber.ref.name}, else its URI
 * @param delivery retries and dead-lettering
 */
public record Trigger(
    String name, String broker, EventFilter filter, String subscriber, DeliverySpec delivery) {
  /** Validates the arguments. */
  public Trigger {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(broker, "broker");
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(subscriber, "subscriber");
    Objects.requireNonNull(delivery, "delivery");
  }
}
