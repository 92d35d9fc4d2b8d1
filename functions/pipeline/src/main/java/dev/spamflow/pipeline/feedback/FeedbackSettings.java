package dev.spamflow.pipeline.feedback;

import java.time.Duration;
import java.util.Objects;

/**
 * How much feedback a retraining takes. These caps hold across every inference replica (the
 * endpoint's own hourly cap is per replica), so they are what bounds the labels a holder of the
 * feedback token can add.
 *
 * @param window how far back reports are taken, by the time they were received
 * @param maxPerDay reports taken per UTC day, the earliest of the day first; 0 turns feedback off
 * @param maxShare feedback labels at most this share of the curated training part (the newest are
 *     kept), so the corpus always outweighs what callers sent
 */
public record FeedbackSettings(Duration window, int maxPerDay, double maxShare) {

  /** 30 days back, 200 reports a day, at most a fifth of the training part. */
  public static final FeedbackSettings DEFAULT =
      new FeedbackSettings(Duration.ofDays(30), 200, 0.2);

  /** Takes no feedback. */
  public static final FeedbackSettings OFF = new FeedbackSettings(Duration.ofDays(30), 0, 0.2);

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException naming the value out of range
   */
  public FeedbackSettings {
    Objects.requireNonNull(window, "window");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("the feedback window must be positive but was " + window);
    }
    if (maxPerDay < 0) {
      throw new IllegalArgumentException(
          "the feedback cap per day must not be negative but was " + maxPerDay);
    }
    if (!(maxShare > 0 && maxShare <= 1)) {
      throw new IllegalArgumentException(
          "the feedback share of the training part must be in (0, 1] but was " + maxShare);
    }
  }

  /** Returns whether a retraining takes feedback at all. */
  public boolean enabled() {
    return maxPerDay > 0;
  }

  /** Returns these settings with another window. */
  public FeedbackSettings withWindow(Duration newWindow) {
    return new FeedbackSettings(newWindow, maxPerDay, maxShare);
  }

  /** Returns these settings with another cap per day. */
  public FeedbackSettings withMaxPerDay(int newMaxPerDay) {
    return new FeedbackSettings(window, newMaxPerDay, maxShare);
  }
}
