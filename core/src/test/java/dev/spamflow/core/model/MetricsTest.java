package dev.spamflow.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MetricsTest {

  @Test
  void countsAndRatesMatchAHandComputedExample() {
    // 3 spam (scores .9 .8 .3) and 5 ham (scores .7 .2 .1 .1 .05), threshold .5:
    // TP 2, FN 1, FP 1, TN 4.
    double[] scores = {0.9, 0.8, 0.3, 0.7, 0.2, 0.1, 0.1, 0.05};
    boolean[] spam = {true, true, true, false, false, false, false, false};

    Metrics m = Metrics.compute(scores, spam, 0.5);

    assertThat(m.truePositives()).isEqualTo(2);
    assertThat(m.falseNegatives()).isEqualTo(1);
    assertThat(m.falsePositives()).isEqualTo(1);
    assertThat(m.trueNegatives()).isEqualTo(4);
    assertThat(m.accuracy()).isCloseTo(6 / 8.0, within(1e-12));
    assertThat(m.precision()).isCloseTo(2 / 3.0, within(1e-12));
    assertThat(m.recall()).isCloseTo(2 / 3.0, within(1e-12));
    assertThat(m.f1()).isCloseTo(2 / 3.0, within(1e-12));
    assertThat(m.blockedHamRate()).isCloseTo(1 / 5.0, within(1e-12));
    // MCC = (TP·TN − FP·FN) / sqrt((TP+FP)(TP+FN)(TN+FP)(TN+FN)) = (8 − 1) / sqrt(3·3·5·5)
    assertThat(m.mcc()).isCloseTo(7 / 15.0, within(1e-12));
    // Of the 15 spam/ham pairs the spam scores higher in 14: only .3 against .7 is lost.
    assertThat(m.rocAuc()).isCloseTo(14 / 15.0, within(1e-12));
  }

  @Test
  void tiedScoresCountHalfInRocAuc() {
    double[] scores = {0.5, 0.5};
    boolean[] spam = {true, false};

    assertThat(Metrics.compute(scores, spam, 0.5).rocAuc()).isEqualTo(0.5);
  }

  @Test
  void degenerateCasesStayDefined() {
    Metrics nothingCalledSpam =
        Metrics.compute(new double[] {0.1, 0.2}, new boolean[] {false, false}, 0.5);

    assertThat(nothingCalledSpam.precision()).isEqualTo(1.0);
    assertThat(nothingCalledSpam.mcc()).isZero();
    assertThat(nothingCalledSpam.rocAuc()).isNaN();
  }

  @Test
  void rejectsMismatchedOrEmptyInput() {
    assertThatThrownBy(() -> Metrics.compute(new double[] {0.1}, new boolean[] {true, false}, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 scores for 2 labels");
    assertThatThrownBy(() -> Metrics.compute(new double[0], new boolean[0], 0.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
