package dev.spamflow.inference.canary;

/**
 * The bucket layout of latency histograms: exact below 8 ns, then eight buckets per power of two,
 * so a bucket's upper bound is at most 12.5 % above any value in it. Values from about 4.9 hours up
 * share the last bucket.
 */
final class LatencyHistogram {
  /** Sub-buckets per power of two, as a power of two. */
  private static final int SUB_BITS = 3;

  private static final int SUB = 1 << SUB_BITS;

  /** The largest power of two with its own buckets: 2^44 ns is about 4.9 hours. */
  private static final int MAX_EXPONENT = 44;

  /** Buckets in a histogram. */
  static final int BUCKETS = (MAX_EXPONENT - SUB_BITS + 2) * SUB;

  private LatencyHistogram() {}

  /** The bucket of a latency; negative values count as 0. */
  static int index(long nanos) {
    if (nanos < SUB) {
      return (int) Math.max(nanos, 0);
    }
    int exponent = 63 - Long.numberOfLeadingZeros(nanos);
    if (exponent > MAX_EXPONENT) {
      return BUCKETS - 1;
    }
    int sub = (int) (nanos >>> (exponent - SUB_BITS)) & (SUB - 1);
    return (exponent - SUB_BITS + 1) * SUB + sub;
  }

  /** The largest latency that falls in bucket {@code index}. */
  static long upperBound(int index) {
    if (index < SUB) {
      return index;
    }
    int exponent = index / SUB + SUB_BITS - 1;
    int sub = index % SUB;
    return ((long) (SUB + sub + 1) << (exponent - SUB_BITS)) - 1;
  }

  /**
   * The nearest-rank quantile of a histogram: the upper bound of the bucket that holds the value of
   * rank {@code ceil(q * count)}.
   *
   * @return the quantile in nanoseconds, 0 when {@code count} is 0
   */
  static long quantile(long[] counts, long count, double q) {
    if (count == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(q * count));
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return upperBound(i);
      }
    }
    return upperBound(counts.length - 1);
  }
}
