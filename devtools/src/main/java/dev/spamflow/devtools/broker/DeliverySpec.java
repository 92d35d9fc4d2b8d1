package dev.spamflow.devtools.broker;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A Trigger's {@code spec.delivery}: how often a failed delivery is retried, how long to wait in
 * between, and where an event goes when every try failed.
 *
 * @param retry retries after the first try
 * @param backoffPolicy how the pause grows
 * @param backoffDelay the base pause
 * @param deadLetterSink where the cluster sends undeliverable events (a description; the in-process
 *     broker writes them to its dead-letter log)
 */
public record DeliverySpec(
    int retry,
    BackoffPolicy backoffPolicy,
    Duration backoffDelay,
    Optional<String> deadLetterSink) {
  /** Knative's default when a Trigger says nothing: no retry. */
  public static final DeliverySpec DEFAULT =
      new DeliverySpec(0, BackoffPolicy.EXPONENTIAL, Duration.ofMillis(200), Optional.empty());

  /** How the pause between tries grows. */
  public enum BackoffPolicy {
    /** {@code backoffDelay * n} before retry n. */
    LINEAR,
    /** {@code backoffDelay * 2^n} before retry n. */
    EXPONENTIAL
  }

  /** Validates the arguments. */
  public DeliverySpec {
    Objects.requireNonNull(backoffPolicy, "backoffPolicy");
    Objects.requireNonNull(backoffDelay, "backoffDelay");
    Objects.requireNonNull(deadLetterSink, "deadLetterSink");
    if (retry < 0) {
      throw new IllegalArgumentException("retry must not be negative: " + retry);
    }
  }

  /** The pause before retry {@code n} (1 for the first retry), as Knative computes it. */
  public Duration delayBeforeRetry(int n) {
    return backoffPolicy == BackoffPolicy.LINEAR
        ? backoffDelay.multipliedBy(n)
        : backoffDelay.multipliedBy(1L << Math.min(n, 20));
  }
}
