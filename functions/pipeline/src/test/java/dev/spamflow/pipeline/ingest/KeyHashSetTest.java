package dev.spamflow.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeyHashSetTest {

  @Test
  void remembersEveryKeyAndItsLabelAcrossGrowth() {
    KeyHashSet set = new KeyHashSet();
    SplittableRandom random = new SplittableRandom(7);
    int n = 300_000;
    long[] highs = new long[n];
    long[] lows = new long[n];
    for (int i = 0; i < n; i++) {
      highs[i] = random.nextLong();
      lows[i] = random.nextLong();
      assertThat(set.putIfAbsent(highs[i], lows[i], i % 2)).isEqualTo(-1);
    }
    for (int i = 0; i < n; i++) {
      // The earlier label comes back, whatever label the duplicate carries.
      assertThat(set.putIfAbsent(highs[i], lows[i] ^ 1, 1 - i % 2)).isEqualTo(i % 2);
    }
  }

  @Test
  void theAllZeroKeyIsAKeyLikeAnyOther() {
    KeyHashSet set = new KeyHashSet();

    assertThat(set.putIfAbsent(0, 0, 1)).isEqualTo(-1);
    assertThat(set.putIfAbsent(0, 0, 0)).isEqualTo(1);
  }
}
