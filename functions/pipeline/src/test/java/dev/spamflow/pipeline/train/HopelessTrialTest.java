package dev.spamflow.pipeline.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.spamflow.core.data.Label;
import dev.spamflow.core.data.Message;
import dev.spamflow.core.model.EpochRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HopelessTrialTest {

  /** 13 spam in 100: the class rate's loss is the labels' entropy, about 0.3864 nats. */
  private static List<Message> messages() {
    List<Message> out = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      out.add(new Message("message " + i, i < 13 ? Label.SPAM : Label.HAM));
    }
    return out;
  }

  private static EpochRecord epoch(int epoch, double outOfFoldLoss) {
    return new EpochRecord(epoch, 0.5, outOfFoldLoss, 0.0, 0.5, 10, false);
  }

  @Test
  void theBaseRateLossIsTheLabelsEntropy() {
    assertThat(HopelessTrial.baseRateLoss(13, 100)).isCloseTo(0.38639, within(1e-5));
    assertThat(HopelessTrial.baseRateLoss(50, 100)).isCloseTo(Math.log(2), within(1e-12));
    assertThat(HopelessTrial.baseRateLoss(0, 100)).isZero();
    assertThat(HopelessTrial.baseRateLoss(100, 100)).isZero();
  }

  @Test
  void aTrialThatNeverBeatsTheClassRateIsStoppedAfterItsGraceEpochs() {
    HopelessTrial rule = HopelessTrial.forMessages(messages());
    rule.onEpoch(epoch(1, 0.69));
    rule.onEpoch(epoch(2, 0.45));

    assertThatThrownBy(() -> rule.onEpoch(epoch(3, 0.40)))
        .isInstanceOf(HopelessTrial.Stopped.class)
        .hasMessage(
            "hopeless: after 3 epochs the best out-of-fold loss 0.4000 is no lower than 0.3864,"
                + " the loss of predicting the class rate");
  }

  @Test
  void aTrialThatLearnsIsNeverStopped() {
    HopelessTrial rule = HopelessTrial.forMessages(messages());
    // Worse than the class rate early on, then better: the best loss is what counts.
    rule.onEpoch(epoch(1, 0.70));
    rule.onEpoch(epoch(2, 0.30));
    for (int e = 3; e <= 30; e++) {
      rule.onEpoch(epoch(e, 0.35 + e * 0.01));
    }
  }

  @Test
  void aNotANumberLossCountsAsNotLearning() {
    HopelessTrial rule = HopelessTrial.forMessages(messages());
    for (int e = 1; e < HopelessTrial.GRACE_EPOCHS; e++) {
      rule.onEpoch(epoch(e, Double.NaN));
    }
    assertThatThrownBy(() -> rule.onEpoch(epoch(HopelessTrial.GRACE_EPOCHS, Double.NaN)))
        .isInstanceOf(HopelessTrial.Stopped.class);
  }
}
