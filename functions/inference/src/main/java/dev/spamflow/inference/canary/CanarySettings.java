package dev.spamflow.inference.canary;

import java.time.Duration;
import java.util.Objects;

/**
 * When requests go to the challenger, and when it is rolled back.
 *
 * @param percent share of texts routed to the challenger, 0 to 100; 0 turns the canary off
 * @param maxErrorRate the challenger is rolled back when its error rate over the window exceeds
 *     this, 0 to 1
 * @param maxP99Latency the challenger is rolled back when its p99 latency over the window exceeds
 *     this
 * @param window how far back the error rate and p99 look; kept in {@value
 *     CanaryRouter#WINDOW_SLICES} slices, so the window slides by a tenth of its length
 * @param minSamples challenger requests the window must hold before any rollback, so that one slow
 *     or failed request among a handful does not end the canary
 */
public record CanarySettings(
    int percent, double maxErrorRate, Duration maxP99Latency, Duration window, int minSamples) {

  /**
   * Off; when turned on, rolled back above 5 % errors or 100 ms p99 over the last minute, given at
   * least 100 challenger requests in it.
   */
  public static final CanarySettings DEFAULTS =
      new CanarySettings(0, 0.05, Duration.ofMillis(100), Duration.ofMinutes(1), 100);

  /**
   * Validates the arguments.
   *
   * @throws NullPointerException if a duration is null
   * @throws IllegalArgumentException if a value is out of its range, or the window is shorter than
   *     {@value CanaryRouter#WINDOW_SLICES} ms
   */
  public CanarySettings {
    Objects.requireNonNull(maxP99Latency, "maxP99Latency");
    Objects.requireNonNull(window, "window");
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("percent must be within 0 to 100: " + percent);
    }
    if (!(maxErrorRate >= 0.0 && maxErrorRate <= 1.0)) {
      throw new IllegalArgumentException("maxErrorRate must be within 0 to 1: " + maxErrorRate);
    }
    if (maxP99Latency.isNegative() || maxP99Latency.isZero()) {
      throw new IllegalArgumentException("maxP99Latency must be positive: " + maxP99Latency);
    }
    if (window.compareTo(Duration.ofMillis(CanaryRouter.WINDOW_SLICES)) < 0) {
      throw new IllegalArgumentException(
          "window must be at least " + CanaryRouter.WINDOW_SLICES + " ms: " + window);
    }
    if (minSamples < 1) {
      throw new IllegalArgumentException("minSamples must be at least 1: " + minSamples);
    }
  }

  /** The same settings with another percentage. */
  public CanarySettings withPercent(int otherPercent) {
    return new CanarySettings(otherPercent, maxErrorRate, maxP99Latency, window, minSamples);
  }

  /** The same settings with other rollback limits. */
  public CanarySettings withLimits(double otherMaxErrorRate, Duration otherMaxP99Latency) {
    return new CanarySettings(percent, otherMaxErrorRate, otherMaxP99Latency, window, minSamples);
  }

  /** The same settings with another window and minimum sample count. */
  public CanarySettings withWindow(Duration otherWindow, int otherMinSamples) {
    return new CanarySettings(percent, maxErrorRate, maxP99Latency, otherWindow, otherMinSamples);
  }
}
