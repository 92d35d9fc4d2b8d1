package dev.spamflow.adapters.broker;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.spamflow.core.port.EventPublisher;
import io.cloudevents.CloudEvent;
import java.time.Instant;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private static final Logger LOG = LoggerFactory.getLogger(InProcessBroker.class);

  private final String name;
  private final List<Trigger> triggers;
  private final DeadLetterLog deadLetters;
  private final Map<String, Subscriber> subscribers = new ConcurrentHashMap<>();
  private final Deque<CloudEvent> pending = new ConcurrentLinkedDeque<>();
  private final ReentrantLock delivering = new ReentrantLock();

  /**
   * A broker named {@code name} that routes by those of {@code triggers} that subscribe to it.
   *
   * @param deadLetters where undeliverable events go
   */
  public InProcessBroker(String name, List<Trigger> triggers, DeadLetterLog deadLetters) {
    this.name = Objects.requireNonNull(name, "name");
    this.triggers = triggers.stream().filter(t -> t.broker().equals(name)).toList();
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
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
    return triggers;
  }

  /** The dead-letter log. */
  public DeadLetterLog deadLetters() {
    return deadLetters;
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

  private void route(CloudEvent event) {
    for (Trigger trigger : triggers) {
      if (trigger.filter().matches(event)) {
        deliver(trigger, event).ifPresent(pending::add);
      }
    }
  }

  private Optional<CloudEvent> deliver(Trigger trigger, CloudEvent event) {
    Subscriber subscriber = subscribers.get(trigger.subscriber());
    DeliverySpec spec = trigger.delivery();
    if (subscriber == null) {
      deadLetter(trigger, event, 0, "no subscriber named " + trigger.subscriber() + " is running");
      return Optional.empty();
    }
    int[] attempts = {0};
    RetryPolicy<Optional<CloudEvent>> policy =
        RetryPolicy.<Optional<CloudEvent>>builder()
            .handle(Exception.class)
            .withMaxRetries(spec.retry())
            .withDelayFn(context -> spec.delayBeforeRetry(context.getAttemptCount()))
            .onRetry(
                attempt ->
                    LOG.info(
                        "trigger {}: delivery of event {} failed (try {}), retrying: {}",
                        trigger.name(),
                        event.getId(),
                        attempt.getAttemptCount(),
                        String.valueOf(attempt.getLastException())))
            .build();
    try {
      return Failsafe.with(policy)
          .get(
              () -> {
                attempts[0]++;
                return subscriber.deliver(event);
              });
    } catch (RuntimeException e) {
      Throwable cause = e instanceof FailsafeException && e.getCause() != null ? e.getCause() : e;
      deadLetter(trigger, event, attempts[0], String.valueOf(cause));
      return Optional.empty();
    }
  }

  private void deadLetter(Trigger trigger, CloudEvent event, int attempts, String error) {
    LOG.warn(
        "trigger {} of broker {}: event {} ({}) dead-lettered after {} tries: {}",
        trigger.name(),
        name,
        event.getId(),
        event.getType(),
        attempts,
        error);
    deadLetters.append(
        new DeadLetterLog.Entry(
            Instant.now(), trigger.name(), trigger.subscriber(), attempts, error, event));
  }
}
