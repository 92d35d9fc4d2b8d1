package dev.spamflow.core.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Every knob of one LSTM training run, in one place.
 *
 * @param embeddingDim size of the token embedding
 * @param lstmUnits hidden units of the LSTM layer
 * @param dropout probability of dropping an LSTM output unit during training (0 disables)
 * @param batchSize messages per mini-batch
 * @param epochs upper bound on passes over the training split (early stopping may end sooner)
 * @param maxLen tokens kept per message (the first {@code maxLen})
 * @param vocabSize vocabulary cap, padding and out-of-vocabulary ids included
 * @param minTokenCount times a token must occur in the training split to get its own id; rarer
 *     tokens share the out-of-vocabulary id, so the network cannot memorise one-off words
 * @param learningRate Adam learning rate
 * @param l2 L2 weight decay coefficient (0 disables)
 * @param seed seed for weight initialisation, shuffling and the data split
 * @param patience epochs without a lower out-of-fold loss before the cross-validation stops
 */
public record HyperParameters(
    int embeddingDim,
    int lstmUnits,
    double dropout,
    int batchSize,
    int epochs,
    int maxLen,
    int vocabSize,
    int minTokenCount,
    double learningRate,
    double l2,
    long seed,
    int patience) {

  /**
   * The defaults (see docs/benchmarks.md). Patience is 1 because the loss it watches is summed over
   * every development message out of fold, smooth enough that one worse epoch means the LSTM has
   * started to overfit (on SMS the minimum comes at epoch 2 or 3), and each extra epoch costs k
   * networks' worth of training.
   */
  public static final HyperParameters DEFAULTS =
      new HyperParameters(32, 50, 0.1, 32, 12, 100, 8000, 1, 0.005, 0.0, 42L, 1);

  /**
   * Validates the ranges.
   *
   * @throws IllegalArgumentException naming every parameter that is out of range
   */
  public HyperParameters {
    List<String> problems = new ArrayList<>();
    positive(problems, "embeddingDim", embeddingDim);
    positive(problems, "lstmUnits", lstmUnits);
    positive(problems, "batchSize", batchSize);
    positive(problems, "epochs", epochs);
    positive(problems, "maxLen", maxLen);
    positive(problems, "patience", patience);
    positive(problems, "minTokenCount", minTokenCount);
    if (!(l2 >= 0 && l2 < 1)) {
      problems.add("l2 must be in [0, 1), was " + l2);
    }
    if (vocabSize < 3) {
      problems.add(
          "vocabSize must be at least 3 (padding, out-of-vocabulary and one token), was "
              + vocabSize);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      problems.add("dropout must be in [0, 1), was " + dropout);
    }
    if (!(learningRate > 0 && learningRate < 1)) {
      problems.add("learningRate must be in (0, 1), was " + learningRate);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid hyper-parameters: " + String.join("; ", problems));
    }
  }

  /**
   * Returns the same parameters with another seed (each fold of a cross-validation gets its own).
   *
   * @param newSeed the seed
   * @return a copy with {@code seed = newSeed}
   */
  public HyperParameters withSeed(long newSeed) {
    return new HyperParameters(
        embeddingDim,
        lstmUnits,
        dropout,
        batchSize,
        epochs,
        maxLen,
        vocabSize,
        minTokenCount,
        learningRate,
        l2,
        newSeed,
        patience);
  }

  private static void positive(List<String> problems, String name, int value) {
    if (value <= 0) {
      problems.add(name + " must be positive, was " + value);
    }
  }
}
