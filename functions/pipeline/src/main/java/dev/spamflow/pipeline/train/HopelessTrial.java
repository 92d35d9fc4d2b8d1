package dev.spamflow.pipeline.train;

import dev.spamflow.core.data.Label;
import dev.spamflow.core.data.Message;
import dev.spamflow.core.model.EpochRecord;
import java.util.List;
import java.util.Locale;

/**
 * Stops a trial that is not learning: after {@value #GRACE_EPOCHS} epochs its best out-of-fold loss
 * is still no lower than the loss of predicting the class rate for every message (the labels'
 * entropy). Such a network has learnt nothing a constant does not know; the rest of its epochs, the
 * held-out twin and the refit would only spend time.
 *
 * <p>The rule looks at the trial's own figures only. Rules that compare trials with each other (a
 * median stopping rule, successive halving) depend on which trials happen to have finished when a
 * trial is judged, so a search would end differently in threads and in a Tekton matrix; this one
 * gives the same verdict however and wherever the trials run.
 */
final class HopelessTrial {

  /** Epochs a trial gets before it is judged. */
  static final int GRACE_EPOCHS = 3;

  private final double baseRateLoss;
  private double bestLoss = Double.POSITIVE_INFINITY;

  private HopelessTrial(double baseRateLoss) {
    this.baseRateLoss = baseRateLoss;
  }

  /**
   * A rule for a trial that cross-validates on these messages.
   *
   * @param development the messages whose out-of-fold loss is watched
   * @return the rule
   */
  static HopelessTrial forMessages(List<Message> development) {
    long spam = development.stream().filter(m -> m.label() == Label.SPAM).count();
    return new HopelessTrial(baseRateLoss(spam, development.size()));
  }

  /**
   * The cross-entropy of predicting the spam share for every message.
   *
   * @param spam how many messages are spam
   * @param total how many there are
   * @return in nats; 0 when one class is missing
   */
  static double baseRateLoss(long spam, long total) {
    if (total <= 0 || spam <= 0 || spam >= total) {
      return 0;
    }
    double p = (double) spam / total;
    return -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
  }

  /**
   * Takes an epoch's figures.
   *
   * @param record the epoch, with its out-of-fold loss as {@link EpochRecord#validationLoss()}
   * @throws Stopped when the trial is hopeless
   */
  void onEpoch(EpochRecord record) {
    bestLoss = Math.min(bestLoss, record.validationLoss());
    if (record.epoch() >= GRACE_EPOCHS && !(bestLoss < baseRateLoss)) {
      throw new Stopped(
          String.format(
              Locale.ROOT,
              "hopeless: after %d epochs the best out-of-fold loss %.4f is no lower than %.4f, the"
                  + " loss of predicting the class rate",
              record.epoch(),
              bestLoss,
              baseRateLoss));
    }
  }

  /** Thrown out of training to end a hopeless trial; its message says why. */
  static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopped(String reason) {
      super(reason);
    }
  }
}
