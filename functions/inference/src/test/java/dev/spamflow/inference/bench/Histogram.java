package dev.spamflow.inference.bench;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A concurrent latency histogram: 64 buckets per power of two (values within 1.6 % of their
 * bucket's upper bound), from 1 µs to about 17 minutes.
 */
final class Histogram {
  private static final int SUB_BITS = 6;
  private static final int SUB = 1 << SUB_BITS;
  private static final int MAX_EXPONENT = 40;
  private static final int BUCKETS = (MAX_EXPONENT - SUB_BITS + 2) * SUB;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
  private final AtomicLongArray max = new AtomicLongArray(1);

  /** Adds a latency in nanoseconds. */
  void record(long nanos) {
    long micros = Math.max(0, nanos / 1_000);
    counts.incrementAndGet(index(micros));
    long seen;
    do {
      seen = max.get(0);
    } while (micros > seen && !max.compareAndSet(0, seen, micros));
  }

  /** The number of latencies recorded. */
  long count() {
    long total = 0;
    for (int i = 0; i < BUCKETS; i++) {
      total += counts.get(i);
    }
    return total;
  }

  /** The largest latency recorded, in microseconds. */
  long maxMicros() {
    return max.get(0);
  }

  /** The nearest-rank quantile {@code q} in microseconds (bucket upper bound), 0 when empty. */
  long quantileMicros(double q) {
    long total = count();
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(q * total));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts.get(i);
      if (seen >= rank) {
        return Math.min(upperBound(i), maxMicros());
      }
    }
    return maxMicros();
  }

  private static int index(long micros) {
    if (micros < SUB) {
      return (int) micros;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(micros);
    if (exponent > MAX_EXPONENT) {
      return BUCKETS - 1;
    }
    int sub = (int) (micros >>> (exponent - SUB_BITS)) & (SUB - 1);
    return (exponent - SUB_BITS + 1) * SUB + sub;
  }

  private static long upperBound(int index) {
    if (index < SUB) {
      return index;
    }
    int exponent = index / SUB + SUB_BITS - 1;
    int sub = index % SUB;
    return ((long) (SUB + sub + 1) << (exponent - SUB_BITS)) - 1;
  }
}
