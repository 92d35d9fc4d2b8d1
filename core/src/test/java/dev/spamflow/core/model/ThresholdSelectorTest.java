package dev.spamflow.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ThresholdSelectorTest {

  @Test
  void keepsBlockedHamUnderTheCeiling() {
    Random random = new Random(7);
    int n = 2000;
    double[] scores = new double[n];
    boolean[] spam = new boolean[n];
    for (int i = 0; i < n; i++) {
      spam[i] = i % 7 == 0;
      // Overlapping score distributions, so the ceiling actually binds.
      scores[i] = Math.clamp((spam[i] ? 0.7 : 0.3) + random.nextGaussian() * 0.15, 0, 1);
    }

    double threshold = ThresholdSelector.select(scores, spam, 0.003);
    Metrics m = Metrics.compute(scores, spam, threshold);

    assertThat(m.blockedHamRate()).isLessThanOrEqualTo(0.003);
    // A looser ceiling may only catch more spam.
    Metrics loose = Metrics.compute(scores, spam, ThresholdSelector.select(scores, spam, 0.05));
    assertThat(loose.recall()).isGreaterThan(m.recall());
  }

  @Test
  void separableScoresGetAThresholdBetweenTheClasses() {
    double[] scores = {0.95, 0.9, 0.2, 0.1, 0.05};
    boolean[] spam = {true, true, false, false, false};

    double threshold = ThresholdSelector.select(scores, spam, 0.0);

    assertThat(threshold).isStrictlyBetween(0.2, 0.9);
    assertThat(Metrics.compute(scores, spam, threshold).f1()).isEqualTo(1.0);
  }

  @Test
  void zeroCeilingNeverBlocksAHamScoredAboveEverySpam() {
    double[] scores = {0.99, 0.8, 0.7};
    boolean[] spam = {false, true, true};

    double threshold = ThresholdSelector.select(scores, spam, 0.0);

    assertThat(threshold).isGreaterThan(0.99);
    assertThat(Metrics.compute(scores, spam, threshold).falsePositives()).isZero();
  }

  @Test
  void oneAllowedMistakeOnFewHamDoesNotDragTheThresholdDown() {
    // 450 ham, one of them scored 0.95 (a spam-like ham), the rest ≤ 0.05; spam spread over
    // 0.3–0.99. The raw rate 1/450 = 0.22 % is under 0.3 %, which would move the threshold down to
    // the second-highest ham; the conformal bound (1 + 1) / (450 + 1) = 0.44 % is not, so it stays.
    assertThat(ThresholdSelector.select(scores(450), labels(450), 0.003)).isGreaterThan(0.95);
    // With 1,000 ham the bound (1 + 1) / 1001 = 0.2 % allows that one mistake.
    assertThat(ThresholdSelector.select(scores(1000), labels(1000), 0.003)).isLessThan(0.3);
  }

  private static final int SPAM = 60;

  private static double[] scores(int ham) {
    Random random = new Random(3);
    double[] scores = new double[ham + SPAM];
    scores[0] = 0.95;
    for (int i = 1; i < ham; i++) {
      scores[i] = random.nextDouble() * 0.05;
    }
    for (int i = ham; i < ham + SPAM; i++) {
      scores[i] = 0.3 + random.nextDouble() * 0.69;
    }
    return scores;
  }

  private static boolean[] labels(int ham) {
    boolean[] spam = new boolean[ham + SPAM];
    java.util.Arrays.fill(spam, ham, ham + SPAM, true);
    return spam;
  }

  @Test
  void rejectsACeilingOutOfRange() {
    assertThatThrownBy(
            () -> ThresholdSelector.select(new double[] {0.5}, new boolean[] {true}, 1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ceiling");
  }
}
