package dev.spamflow.devtools.broker;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.cloudevents.CloudEvent;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every local broker does with one event: find the Triggers whose filter passes it, and
 * deliver it to a Trigger's subscriber with the retries and back-off of the Trigger's delivery
 * spec, writing it to the dead-letter log when every try failed. Shared by {@link InProcessBroker}
 * and {@link BrokerServer} so that both route and retry exactly alike.
 */
final class TriggerDelivery {
  private static final Logger LOG = LoggerFactory.getLogger(TriggerDelivery.class);

  private final String brokerName;
  private final List<Trigger> triggers;
  private final DeadLetterLog deadLetters;

  /** Routes by those of {@code triggers} that subscribe to broker {@code brokerName}. */
  TriggerDelivery(String brokerName, List<Trigger> triggers, DeadLetterLog deadLetters) {
    this.brokerName = Objects.requireNonNull(brokerName, "brokerName");
    this.triggers = triggers.stream().filter(t -> t.broker().equals(brokerName)).toList();
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
  }

  List<Trigger> triggers() {
    return triggers;
  }

  DeadLetterLog deadLetters() {
    return deadLetters;
  }

  /** The Triggers whose filter passes {@code event}, in manifest order. */
  List<Trigger> matching(CloudEvent event) {
    return triggers.stream().filter(trigger -> trigger.filter().matches(event)).toList();
  }

  /**
   * Delivers {@code event} to {@code subscriber} as {@code trigger}'s delivery spec says. Never
   * throws for a failed delivery: the event then goes to the dead-letter log.
   *
   * @param subscriber the running subscriber the Trigger names, or {@code null} if none runs
   * @return the subscriber's reply event, or empty (also when the event was dead-lettered)
   */
  Optional<CloudEvent> deliver(Trigger trigger, Subscriber subscriber, CloudEvent event) {
    if (subscriber == null) {
      deadLetter(trigger, event, 0, "no subscriber named " + trigger.subscriber() + " is running");
      return Optional.empty();
    }
    DeliverySpec spec = trigger.delivery();
    AtomicInteger attempts = new AtomicInteger();
    RetryPolicy<Optional<CloudEvent>> policy =
        RetryPolicy.<Optional<CloudEvent>>builder()
            .handle(Exception.class)
            // A subscriber that refused the event itself would refuse it again: no more tries.
            .abortOn(UnretryableDeliveryException.class)
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
                attempts.incrementAndGet();
                return subscriber.deliver(event);
              });
    } catch (RuntimeException e) {
      Throwable cause = e instanceof FailsafeException && e.getCause() != null ? e.getCause() : e;
      if (cause instanceof InterruptedException) {
        // Stopped while waiting for a retry or an answer: recorded, and the stop goes on.
        Thread.currentThread().interrupt();
      }
      deadLetter(trigger, event, attempts.get(), String.valueOf(cause));
      return Optional.empty();
    }
  }

  /** Writes {@code event} to the dead-letter log as undeliverable through {@code trigger}. */
  void deadLetter(Trigger trigger, CloudEvent event, int attempts, String error) {
    LOG.warn(
        "trigger {} of broker {}: event {} ({}) dead-lettered after {} tries: {}",
        trigger.name(),
        brokerName,
        event.getId(),
        event.getType(),
        attempts,
        error);
    deadLetters.append(
        new DeadLetterLog.Entry(
            Instant.now(), trigger.name(), trigger.subscriber(), attempts, error, event));
  }
}
