package dev.spamflow.inference.canary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The latency histogram's buckets: ordered, and tight enough to report p99. */
class LatencyHistogramTest {
  @Test
  void everyValueIsAtMostItsBucketsUpperBoundAndThatIsAtMostAnEighthAbove() {
    Random random = new Random(42);
    for (int i = 0; i < 100_000; i++) {
      long nanos = (long) Math.pow(10, random.nextDouble() * 12);
      long bound = LatencyHistogram.upperBound(LatencyHistogram.index(nanos));

      assertThat(bound).isGreaterThanOrEqualTo(nanos).isLessThanOrEqualTo(nanos + nanos / 8);
    }
  }

  @Test
  void bucketsFollowTheValuesOrderAndTheExtremesFit() {
    int previous = 0;
    for (long nanos = 0; nanos < 1_000_000; nanos += 7) {
      int index = LatencyHistogram.index(nanos);
      assertThat(index).isGreaterThanOrEqualTo(previous);
      previous = index;
    }
    assertThat(LatencyHistogram.index(-5)).isZero();
    assertThat(LatencyHistogram.index(Long.MAX_VALUE)).isEqualTo(LatencyHistogram.BUCKETS - 1);
  }

  @Test
  void theQuantileIsTheNearestRankValuesBucket() {
    long[] counts = new long[LatencyHistogram.BUCKETS];
    counts[LatencyHistogram.index(5)] = 99;
    counts[LatencyHistogram.index(1_000_000)] = 1;

    assertThat(LatencyHistogram.quantile(counts, 100, 0.99)).isEqualTo(5);
    assertThat(LatencyHistogram.quantile(counts, 100, 1.0))
        .isEqualTo(LatencyHistogram.upperBound(LatencyHistogram.index(1_000_000)));
    assertThat(LatencyHistogram.quantile(new long[LatencyHistogram.BUCKETS], 0, 0.99)).isZero();
  }
}
