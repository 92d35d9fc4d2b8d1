package dev.spamflow.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The paired test that decides whether an LSTM epoch earned its place in the ensemble. */
class CrossValidationTest {

  @Test
  void identicalLossesAreNoImprovement() {
    double[] losses = {0.1, 0.5, 0.02, 0.3};

    assertThat(CrossValidation.pairedImprovement(losses, losses.clone())).isZero();
  }

  @Test
  void theStatisticIsTheMeanDifferenceOverItsStandardError() {
    double[] before = {1.0, 1.0, 1.0, 1.0};
    double[] after = {0.9, 0.8, 0.9, 0.8};
    // Differences 0.1, 0.2, 0.1, 0.2: mean 0.15, sample sd 0.0577, standard error 0.0289.
    assertThat(CrossValidation.pairedImprovement(before, after))
        .isCloseTo(0.15 / (Math.sqrt(0.01 / 3) / 2), within(1e-9));
    assertThat(CrossValidation.pairedImprovement(after, before)).isNegative();
  }

  @Test
  void pureNoiseRarelyPassesTheThreshold() {
    // Two equally good scorers: per-message losses that differ only by noise. At z >= 2 about
    // 2.3 % of such comparisons should pass; 1,000 trials of 3,000 messages each.
    Random random = new Random(11);
    int passed = 0;
    for (int trial = 0; trial < 1000; trial++) {
      double[] a = new double[3000];
      double[] b = new double[3000];
      for (int i = 0; i < a.length; i++) {
        double base = -Math.log(random.nextDouble() * 0.98 + 0.01);
        a[i] = base + 0.05 * random.nextGaussian();
        b[i] = base + 0.05 * random.nextGaussian();
      }
      if (CrossValidation.pairedImprovement(a, b) >= CrossValidation.SIGNIFICANT_Z) {
        passed++;
      }
    }
    assertThat(passed).isBetween(8, 45);
  }

  @Test
  void aRealImprovementOnManyMessagesPasses() {
    Random random = new Random(12);
    double[] before = new double[3000];
    double[] after = new double[3000];
    for (int i = 0; i < before.length; i++) {
      before[i] = -Math.log(random.nextDouble() * 0.98 + 0.01);
      after[i] = before[i] * 0.95 + 0.02 * random.nextGaussian();
    }

    assertThat(CrossValidation.pairedImprovement(before, after))
        .isGreaterThan(CrossValidation.SIGNIFICANT_Z);
  }

  @Test
  void perMessageLossesAreClippedLikeTheMean() {
    double[] losses =
        LstmTrainer.losses(new double[] {1.0, 0.0, 0.9}, new boolean[] {false, true, true});

    assertThat(losses[0]).isCloseTo(-Math.log(1e-7), within(1e-9));
    assertThat(losses[1]).isCloseTo(-Math.log(1e-7), within(1e-9));
    assertThat(losses[2]).isCloseTo(-Math.log(0.9), within(1e-12));
    assertThat((losses[0] + losses[1] + losses[2]) / 3)
        .isCloseTo(
            LstmTrainer.crossEntropy(
                new double[] {1.0, 0.0, 0.9}, new boolean[] {false, true, true}),
            within(1e-12));
  }
}
