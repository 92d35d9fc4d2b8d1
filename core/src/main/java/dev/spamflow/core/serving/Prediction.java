package dev.spamflow.core.serving;

import dev.spamflow.core.data.Label;

/**
 * One message's verdict.
 *
 * @param label spam or ham, by the model's threshold
 * @param confidence the probability of the predicted label ({@code spamProbability} for spam, one
 *     minus it for ham)
 * @param spamProbability the model's probability that the message is spam
 */
public record Prediction(Label label, double confidence, double spamProbability) {

  /** Builds the verdict for a spam probability under a threshold. */
  static Prediction of(double spamProbability, double threshold) {
    boolean spam = spamProbability >= threshold;
    return new Prediction(
        spam ? Label.SPAM : Label.HAM,
        spam ? spamProbability : 1 - spamProbability,
        spamProbability);
  }
}
