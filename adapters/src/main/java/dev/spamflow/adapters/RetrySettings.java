package dev.spamflow.adapters;

import dev.failsafe.RetryPolicy;
import dev.failsafe.RetryPolicyBuilder;
import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently an adapter retries a failed call: exponential back-off from {@code
 * initialDelay}, doubling up to {@code maxDelay}, {@code maxAttempts} tries in all.
 *
 * @param maxAttempts tries in all, the first included; 1 means no retry
 * @param initialDelay the pause after the first failure
 * @param maxDelay the longest pause
 */
public record RetrySettings(int maxAttempts, Duration initialDelay, Duration maxDelay) {
  /**
   * Five tries over about three seconds: rides out a server restart, fails fast when it is down.
   */
  public static final RetrySettings DEFAULT =
      new RetrySettings(5, Duration.ofMillis(200), Duration.ofSeconds(2));

  /** Validates the arguments. */
  public RetrySettings {
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    if (initialDelay.isNegative()
        || initialDelay.isZero()
        || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("need 0 < initialDelay <= maxDelay");
    }
  }

  /** A Failsafe retry policy builder with these settings; the caller says what to retry. */
  public <R> RetryPolicyBuilder<R> policy() {
    return RetryPolicy.<R>builder()
        .withMaxAttempts(maxAttempts)
        .withBackoff(initialDelay, maxDelay);
  }
}
