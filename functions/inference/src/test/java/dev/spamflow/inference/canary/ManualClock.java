package dev.spamflow.inference.canary;

import java.time.Duration;
import java.util.function.LongSupplier;

/** A nanosecond clock that stands still until a test advances it. */
final class ManualClock implements LongSupplier {
  private long nanos = 1_000_000_000L;

  void advance(Duration by) {
    nanos += by.toNanos();
  }

  @Override
  public long getAsLong() {
    return nanos;
  }
}
