package dev.spamflow.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The guarantee {@link ThresholdSelector#choose} states, checked on synthetic scores: drawn again
 * and again, fresh ham is blocked at no more than the ceiling on average, and a calibration set as
 * large as a whole training set's out-of-fold scores lets the threshold sit among the ham tail
 * instead of above every ham.
 */
class ThresholdGuaranteeTest {

  private static final double CEILING = 0.003;

  /**
   * Ham scores: logits around -4, so about 0.4 % of ham score above 0.5 — a tail as thick as the
   * ceiling, like the spam-like ham that set real thresholds.
   */
  private static double ham(Random random) {
    return sigmoid(-4 + 1.5 * random.nextGaussian());
  }

  /** Spam scores: logits around 3, a fifth of them below 0.5. */
  private static double spam(Random random) {
    return sigmoid(3 + 3.5 * random.nextGaussian());
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  /** Calibration scores: {@code ham} ham first, then {@code spam} spam. */
  private static final class Draw {
    private final double[] scores;
    private final boolean[] isSpam;

    private Draw(double[] scores, boolean[] isSpam) {
      this.scores = scores;
      this.isSpam = isSpam;
    }

    double[] scores() {
      return scores;
    }

    boolean[] isSpam() {
      return isSpam;
    }

    static Draw of(int ham, int spam, Random random) {
      double[] scores = new double[ham + spam];
      boolean[] isSpam = new boolean[ham + spam];
      for (int i = 0; i < ham; i++) {
        scores[i] = ham(random);
      }
      for (int i = ham; i < ham + spam; i++) {
        scores[i] = spam(random);
        isSpam[i] = true;
      }
      return new Draw(scores, isSpam);
    }

    double highestHam() {
      double highest = 0;
      for (int i = 0; i < scores.length; i++) {
        highest = isSpam[i] ? highest : Math.max(highest, scores[i]);
      }
      return highest;
    }
  }

  @Test
  void freshHamIsBlockedAtMostAtTheCeilingOnAverage() {
    Random random = new Random(11);
    int draws = 300;
    double blockedSum = 0;
    double boundSum = 0;
    for (int draw = 0; draw < draws; draw++) {
      Draw calibration = Draw.of(2900, 400, random);
      ThresholdSelector.Selection selection =
          ThresholdSelector.choose(calibration.scores(), calibration.isSpam(), CEILING, 5);
      int fresh = 20_000;
      int blocked = 0;
      for (int i = 0; i < fresh; i++) {
        blocked += ham(random) >= selection.threshold() ? 1 : 0;
      }
      blockedSum += (double) blocked / fresh;
      boundSum += selection.choice().bound();
      assertThat(selection.choice().ceilingSupported()).isTrue();
      assertThat(selection.choice().bound()).isLessThanOrEqualTo(CEILING);
    }
    // The conformal bound holds in expectation over the calibration draw: the mean share of fresh
    // ham blocked stays under the ceiling, and under the mean bound the selector reported.
    double meanBlocked = blockedSum / draws;
    assertThat(meanBlocked).isLessThanOrEqualTo(CEILING);
    assertThat(meanBlocked).isLessThanOrEqualTo(boundSum / draws + 1e-4);
  }

  @Test
  void outOfFoldScoresOfAWholeTrainingSetDoNotPushTheThresholdAboveEveryHam() {
    Draw calibration = Draw.of(2900, 400, new Random(5));

    ThresholdSelector.Selection selection =
        ThresholdSelector.choose(calibration.scores(), calibration.isSpam(), CEILING, 5);

    // 2,900 calibration ham allow up to 7 blocked under (fp + 1) / (ham + 1) <= 0.3 %: the
    // threshold goes below the highest ham where that buys recall, and no note is needed.
    assertThat(selection.threshold()).isLessThan(calibration.highestHam());
    assertThat(selection.choice().blockedHam()).isBetween(1, 7);
    assertThat(selection.choice().note()).isEmpty();
  }

  @Test
  void tooFewHamForTheCeilingIsSaidInTheNoteAndBoundedHonestly() {
    Draw calibration = Draw.of(300, 60, new Random(7));

    ThresholdChoice choice =
        ThresholdSelector.choose(calibration.scores(), calibration.isSpam(), CEILING, 5).choice();

    // 1 / (300 + 1) = 0.33 % > 0.3 %: no threshold can promise the ceiling with this little ham.
    assertThat(choice.ceilingSupported()).isFalse();
    assertThat(choice.blockedHam()).isZero();
    assertThat(choice.bound()).isEqualTo(1.0 / 301);
    assertThat(choice.note()).contains("needs at least 333 ham").contains("the data has 300");
  }

  @Test
  void collapsedRecallIsSaidInTheNote() {
    // Ham and spam scores overlap completely: under the ceiling almost no spam can be caught.
    Random random = new Random(9);
    int n = 3000;
    double[] scores = new double[n];
    boolean[] isSpam = new boolean[n];
    for (int i = 0; i < n; i++) {
      scores[i] = random.nextDouble();
      isSpam[i] = i % 10 == 0;
    }

    ThresholdChoice choice = ThresholdSelector.choose(scores, isSpam, CEILING, 5).choice();

    assertThat(choice.recall()).isLessThan(ThresholdSelector.RECALL_WARNING);
    assertThat(choice.note()).contains("recall");
  }
}
