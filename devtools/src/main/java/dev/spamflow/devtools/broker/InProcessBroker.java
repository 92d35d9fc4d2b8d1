package dev.spamflow.devtools.broker;

import dev.spamflow.core.port.EventPublisher;
import io.cloudevents.CloudEvent;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A broker inside the JVM for local runs: each published event goes to the subscriber of every
 * Trigger whose filter passes it, with the Trigger's retries and back-off; an event still failing
 * after the last retry is written to the dead-letter log. Reply events are published again, as a
 * Knative broker does.
 *
 * <p>Delivery is synchronous: {@link #publish} returns once its event, and any replies, went to
 * every matching subscriber or to the dead-letter log. One event is delivered at a time and replies
 * are queued rather than delivered recursively, so a local pipeline is easy to follow and to test.
 * A subscriber's failure never reaches the publisher, as with a real broker.
 */
public final class InProcessBroker implements EventPublisher {
  private final TriggerDelivery delivery;
  private final Map<String, Subscriber> subscribers = new ConcurrentHashMap<>();
  private final Deque<CloudEvent> pending = new ConcurrentLinkedDeque<>();
  private final ReentrantLock delivering = new ReentrantLock();

  /**
   * A broker named {@code name} that routes by those of {@code triggers} that subscribe to it.
   *
   * @param deadLetters where undeliverable events go
   */
  public InProcessBroker(String name, List<Trigger> triggers, DeadLetterLog deadLetters) {
    this.delivery = new TriggerDelivery(name, triggers, deadLetters);
  }

  /** Binds the subscriber that Triggers name {@code subscriberName} (a Knative Service's name). */
  public InProcessBroker subscribe(String subscriberName, Subscriber subscriber) {
    subscribers.put(
        Objects.requireNonNull(subscriberName, "subscriberName"),
        Objects.requireNonNull(subscriber, "subscriber"));
    return this;
  }

  /** The Triggers this broker routes by. */
  public List<Trigger> triggers() {
    return delivery.triggers();
  }

  /** The dead-letter log. */
  public DeadLetterLog deadLetters() {
    return delivery.deadLetters();
  }

  /**
   * Returns whether any Trigger would deliver {@code event}: a source that emulates bucket
   * notifications registered for some prefixes only (as MinIO's are) need not publish the rest.
   */
  public boolean routes(CloudEvent event) {
    return !delivery.matching(event).isEmpty();
  }

  @Override
  public void publish(CloudEvent event) {
    Objects.requireNonNull(event, "event");
    pending.add(event);
    if (delivering.isHeldByCurrentThread()) {
      // Published from inside a delivery: delivered after the current one, not recursively.
      return;
    }
    // One thread delivers at a time; a publisher waiting here finds its event delivered by the
    // thread before it, or delivers it itself, so publish returns only after delivery either way.
    delivering.lock();
    try {
      for (CloudEvent next = pending.poll(); next != null; next = pending.poll()) {
        route(next);
      }
    } finally {
      delivering.unlock();
    }
  }

  /**
   * Delivers {@code event} again through the Trigger named {@code triggerName} only, as a replay of
   * a dead letter does: its subscriber alone gets it (with the Trigger's retries), and its reply is
   * routed as usual. A failure goes to the dead-letter log again.
   *
   * @return whether the delivery succeeded (nothing new was dead-lettered)
   * @throws IllegalArgumentException if this broker has no Trigger of that name
   */
  public boolean redeliver(String triggerName, CloudEvent event) {
    Trigger trigger =
        delivery.triggers().stream()
            .filter(t -> t.name().equals(triggerName))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no Trigger named '" + triggerName + "' routes this broker"));
    delivering.lock();
    try {
      int before = delivery.deadLetters().read().size();
      delivery
          .deliver(trigger, subscribers.get(trigger.subscriber()), event)
          .ifPresent(pending::add);
      boolean delivered = delivery.deadLetters().read().size() == before;
      for (CloudEvent next = pending.poll(); next != null; next = pending.poll()) {
        route(next);
      }
      return delivered;
    } finally {
      delivering.unlock();
    }
  }

  private void route(CloudEvent event) {
    for (Trigger trigger : delivery.matching(event)) {
      delivery
          .deliver(trigger, subscribers.get(trigger.subscriber()), event)
          .ifPresent(pending::add);
    }
  }
}
