package dev.spamflow.core.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * Binary classification metrics for spam (positive class) against ham, at one decision threshold.
 *
 * @param count messages scored
 * @param threshold spam probability at or above which a message is called spam
 * @param truePositives spam called spam
 * @param falsePositives ham called spam (blocked ham)
 * @param trueNegatives ham called ham
 * @param falseNegatives spam called ham
 * @param accuracy share of messages classified correctly
 * @param precision spam precision (1 when nothing is called spam)
 * @param recall spam recall (1 when there is no spam)
 * @param f1 harmonic mean of spam precision and recall
 * @param blockedHamRate share of ham called spam: what a user loses
 * @param mcc Matthews correlation coefficient (0 when undefined)
 * @param rocAuc area under the ROC curve (threshold-free; ties count one half)
 */
public record Metrics(
    int count,
    double threshold,
    long truePositives,
    long falsePositives,
    long trueNegatives,
    long falseNegatives,
    double accuracy,
    double precision,
    double recall,
    double f1,
    double blockedHamRate,
    double mcc,
    double rocAuc) {

  /**
   * The names metrics go by outside this record — in MLflow, in {@code model.trained} and the
   * gate's events, on the command line — so that producers and consumers share one spelling.
   */
  public static final class Names {
    /** Spam F1. */
    public static final String F1 = "f1";

    /** Spam precision. */
    public static final String PRECISION = "precision";

    /** Spam recall. */
    public static final String RECALL = "recall";

    /** Accuracy. */
    public static final String ACCURACY = "accuracy";

    /** Share of ham called spam. */
    public static final String BLOCKED_HAM_RATE = "blocked_ham_rate";

    /** Matthews correlation coefficient. */
    public static final String MCC = "mcc";

    /** ROC-AUC; absent when undefined (one class). */
    public static final String ROC_AUC = "roc_auc";

    /** The threshold the metrics were computed at. */
    public static final String THRESHOLD = "threshold";

    /** Messages scored. */
    public static final String COUNT = "count";

    /** Prefix of a bundle's cross-validated (out-of-fold) figures. */
    public static final String VALIDATION = "validation_";

    /** Prefix of a bundle's held-out figures. */
    public static final String TEST = "test_";

    private Names() {}
  }

  /**
   * Returns the metrics by name ({@link Names}), each with {@code prefix} in front; an undefined
   * ROC-AUC is left out.
   *
   * @param prefix e.g. {@link Names#TEST}, or empty
   * @return {@code <prefix>f1}, {@code <prefix>precision}, … in a stable order
   */
  public java.util.Map<String, Double> asMap(String prefix) {
    java.util.Map<String, Double> out = new java.util.LinkedHashMap<>();
    out.put(prefix + Names.F1, f1);
    out.put(prefix + Names.PRECISION, precision);
    out.put(prefix + Names.RECALL, recall);
    out.put(prefix + Names.ACCURACY, accuracy);
    out.put(prefix + Names.BLOCKED_HAM_RATE, blockedHamRate);
    out.put(prefix + Names.MCC, mcc);
    out.put(prefix + Names.THRESHOLD, threshold);
    out.put(prefix + Names.COUNT, (double) count);
    if (!Double.isNaN(rocAuc)) {
      out.put(prefix + Names.ROC_AUC, rocAuc);
    }
    return out;
  }

  /**
   * Computes every metric.
   *
   * @param spamProbabilities model output per message
   * @param isSpam true label per message
   * @param threshold decision threshold
   * @return the metrics
   * @throws IllegalArgumentException when the arrays differ in length or are empty
   */
  public static Metrics compute(double[] spamProbabilities, boolean[] isSpam, double threshold) {
    Objects.requireNonNull(spamProbabilities, "spamProbabilities");
    Objects.requireNonNull(isSpam, "isSpam");
    if (spamProbabilities.length != isSpam.length) {
      throw new IllegalArgumentException(
          "got " + spamProbabilities.length + " scores for " + isSpam.length + " labels");
    }
    if (spamProbabilities.length == 0) {
      throw new IllegalArgumentException("cannot compute metrics on zero messages");
    }
    long tp = 0;
    long fp = 0;
    long tn = 0;
    long fn = 0;
    for (int i = 0; i < isSpam.length; i++) {
      boolean predictedSpam = spamProbabilities[i] >= threshold;
      if (isSpam[i]) {
        if (predictedSpam) {
          tp++;
        } else {
          fn++;
        }
      } else if (predictedSpam) {
        fp++;
      } else {
        tn++;
      }
    }
    int n = isSpam.length;
    double precision = tp + fp == 0 ? 1.0 : (double) tp / (tp + fp);
    double recall = tp + fn == 0 ? 1.0 : (double) tp / (tp + fn);
    double f1 = precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
    double blocked = fp + tn == 0 ? 0.0 : (double) fp / (fp + tn);
    double mccDenominator = Math.sqrt((double) (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
    double mcc = mccDenominator == 0 ? 0.0 : ((double) tp * tn - (double) fp * fn) / mccDenominator;
    return new Metrics(
        n,
        threshold,
        tp,
        fp,
        tn,
        fn,
        (double) (tp + tn) / n,
        precision,
        recall,
        f1,
        blocked,
        mcc,
        rocAuc(spamProbabilities, isSpam));
  }

  /**
   * Area under the ROC curve by the rank-sum (Mann–Whitney) formula, with tied scores averaged.
   *
   * @return the AUC, or NaN when only one class is present
   */
  public static double rocAuc(double[] scores, boolean[] isSpam) {
    int n = scores.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
    double positiveRankSum = 0;
    long positives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double averageRank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (isSpam[order[k]]) {
          positiveRankSum += averageRank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }
}
