package dev.spamflow.core.model;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import dev.spamflow.core.serving.Ensemble;
import dev.spamflow.core.serving.MessageShape;
import dev.spamflow.core.serving.NgramFeatures;
import dev.spamflow.core.serving.NgramLinearModel;
import java.util.List;
import java.util.Random;

/**
 * Trains the n-gram half of the model and the combiner with LIBLINEAR.
 *
 * <p>The n-gram model is a linear support vector machine (L2-regularised squared hinge loss, the
 * dual solver, {@code C} = {@value #C}: what scikit-learn's {@code LinearSVC} runs by default) over
 * {@link NgramLinearModel}'s TF-IDF vectors and {@link MessageShape} bins; the idf is learnt from
 * the same messages. The combiner is an almost unregularised logistic regression over the two
 * halves' out-of-fold scores.
 */
public final class NgramTrainer {

  /** Soft-margin constant of the n-gram SVM. */
  static final double C = 1.0;

  /** Stopping tolerance of the dual solver (LIBLINEAR's default for it). */
  private static final double EPSILON = 0.1;

  /** The combiner has three parameters and thousands of scores: regularise it only a little. */
  private static final double COMBINER_C = 100.0;

  static {
    // LIBLINEAR prints solver iterations to stdout unless told not to; stdout is the CLI's output.
    Linear.disableDebugOutput();
  }

  private NgramTrainer() {}

  /**
   * Trains an n-gram model on some of the messages.
   *
   * @param features the extractor (its bucket count is the model's)
   * @param counts every message's counts, from {@code features}
   * @param isSpam every message's label
   * @param members indices of the messages to learn from; both classes must be present
   * @param seed seeds the solver's shuffling, so training is repeatable
   * @return the model
   * @throws IllegalArgumentException when the members hold one class only
   */
  public static NgramLinearModel train(
      NgramFeatures features,
      List<NgramFeatures.Counts> counts,
      boolean[] isSpam,
      int[] members,
      long seed) {
    return fit(features, counts, isSpam, members, seed).model();
  }

  /**
   * The trained n-gram model with what it was converted from, so tests can hold the plain-Java
   * margin against LIBLINEAR's own decision value.
   *
   * @param model the model as served
   * @param reference LIBLINEAR's model
   * @param sign +1 when LIBLINEAR's decision value leans spam, -1 when it leans ham
   */
  record Fitted(NgramLinearModel model, Model reference, double sign) {}

  static Fitted fit(
      NgramFeatures features,
      List<NgramFeatures.Counts> counts,
      boolean[] isSpam,
      int[] members,
      long seed) {
    int buckets = features.buckets();
    float[] idf = idf(buckets, counts, members);
    Problem problem = new Problem();
    problem.l = members.length;
    // Features 1..buckets are the n-gram buckets (LIBLINEAR's indices start at 1), then the shape
    // bins; LIBLINEAR expects the bias as one more feature that the caller appends to every row.
    int shapeStart = buckets + 1;
    problem.n = buckets + MessageShape.WIDTH + 1;
    problem.bias = 1;
    FeatureNode biasFeature = new FeatureNode(problem.n, 1);
    problem.x = new Feature[members.length][];
    problem.y = new double[members.length];
    boolean spam = false;
    boolean ham = false;
    for (int i = 0; i < members.length; i++) {
      NgramFeatures.Counts messageCounts = counts.get(members[i]);
      NgramLinearModel.Vector vector = NgramLinearModel.vector(messageCounts, idf);
      int[] shapeBins = messageCounts.shapeBins();
      int width = vector.buckets().length;
      Feature[] row = new Feature[width + shapeBins.length + 1];
      for (int f = 0; f < width; f++) {
        row[f] = new FeatureNode(vector.buckets()[f] + 1, vector.values()[f]);
      }
      for (int b = 0; b < shapeBins.length; b++) {
        row[width + b] = new FeatureNode(shapeStart + shapeBins[b], MessageShape.VALUE);
      }
      row[row.length - 1] = biasFeature;
      problem.x[i] = row;
      problem.y[i] = isSpam[members[i]] ? 1 : -1;
      spam |= isSpam[members[i]];
      ham |= !isSpam[members[i]];
    }
    if (!spam || !ham) {
      throw new IllegalArgumentException(
          "the n-gram model needs spam and ham to learn from, got " + members.length + " of one");
    }
    Parameter parameter = new Parameter(SolverType.L2R_L2LOSS_SVC_DUAL, C, EPSILON);
    parameter.setRandom(new Random(seed));
    Model model = Linear.train(problem, parameter);
    double[] w = model.getFeatureWeights();
    // The decision value is positive for the model's first label, which is whichever came first.
    double sign = model.getLabels()[0] == 1 ? 1 : -1;
    float[] weights = new float[buckets];
    for (int b = 0; b < buckets; b++) {
      weights[b] = idf[b] > 0 ? (float) (sign * w[b]) : 0f;
    }
    float[] shapeWeights = new float[MessageShape.WIDTH];
    for (int b = 0; b < shapeWeights.length; b++) {
      shapeWeights[b] = (float) (sign * w[buckets + b]);
    }
    return new Fitted(
        new NgramLinearModel(features.bits(), idf, weights, shapeWeights, sign * w[problem.n - 1]),
        model,
        sign);
  }

  /** Smoothed idf, {@code ln((1 + n) / (1 + df)) + 1}, and 0 for buckets no member reached. */
  private static float[] idf(int buckets, List<NgramFeatures.Counts> counts, int[] members) {
    int[] df = new int[buckets];
    for (int member : members) {
      NgramFeatures.Counts c = counts.get(member);
      // A bucket in both blocks of one message is one document for the idf.
      int[] a = c.wordBuckets();
      int[] b = c.charBuckets();
      int i = 0;
      int j = 0;
      while (i < a.length || j < b.length) {
        int next;
        if (j == b.length || (i < a.length && a[i] < b[j])) {
          next = a[i++];
        } else if (i == a.length || b[j] < a[i]) {
          next = b[j++];
        } else {
          next = a[i++];
          j++;
        }
        df[next]++;
      }
    }
    float[] idf = new float[buckets];
    double n = members.length;
    for (int bucket = 0; bucket < buckets; bucket++) {
      if (df[bucket] > 0) {
        idf[bucket] = (float) (Math.log((1 + n) / (1 + df[bucket])) + 1);
      }
    }
    return idf;
  }

  /**
   * Fits the combiner on out-of-fold scores.
   *
   * <p>Both halves score towards spam, so a combination worth shipping weighs each of them
   * positively. A negative weight means the logistic regression is trading on how the two halves'
   * out-of-fold errors happen to correlate; the refitted halves, trained on more data, do not keep
   * that correlation (measured: a combiner with a negative LSTM weight blocked 0.9 % of new ham
   * where its out-of-fold bound said 0.24 %). So a half that earns a negative weight is left out
   * and the other half's weight is fitted alone.
   *
   * @param lstmLogits each message's out-of-fold LSTM logit
   * @param ngramMargins each message's out-of-fold n-gram margin
   * @param isSpam labels
   * @return non-negative weights; the LSTM logit is clamped as {@link Ensemble} clamps it
   * @throws IllegalArgumentException when the arrays differ in length or hold one class only
   */
  public static Ensemble combine(double[] lstmLogits, double[] ngramMargins, boolean[] isSpam) {
    int n = isSpam.length;
    if (lstmLogits.length != n || ngramMargins.length != n) {
      throw new IllegalArgumentException("need one LSTM logit and one margin per label");
    }
    double[] logits = new double[n];
    for (int i = 0; i < n; i++) {
      logits[i] = Math.clamp(lstmLogits[i], -Ensemble.LOGIT_LIMIT, Ensemble.LOGIT_LIMIT);
    }
    double[] both = logistic(new double[][] {logits, ngramMargins}, isSpam);
    if (both[0] >= 0 && both[1] >= 0) {
      return new Ensemble(both[0], both[1], both[2]);
    }
    if (both[0] < 0) {
      double[] ngramOnly = logistic(new double[][] {ngramMargins}, isSpam);
      return new Ensemble(0, Math.max(0, ngramOnly[0]), ngramOnly[1]);
    }
    double[] lstmOnly = logistic(new double[][] {logits}, isSpam);
    return new Ensemble(Math.max(0, lstmOnly[0]), 0, lstmOnly[1]);
  }

  /** Logistic regression over the given columns; returns one weight per column, then the bias. */
  private static double[] logistic(double[][] columns, boolean[] isSpam) {
    int n = isSpam.length;
    int width = columns.length;
    Problem problem = new Problem();
    problem.l = n;
    problem.n = width + 1;
    problem.bias = 1;
    FeatureNode biasFeature = new FeatureNode(width + 1, 1);
    problem.x = new Feature[n][];
    problem.y = new double[n];
    int spam = 0;
    for (int i = 0; i < n; i++) {
      Feature[] row = new Feature[width + 1];
      for (int c = 0; c < width; c++) {
        row[c] = new FeatureNode(c + 1, columns[c][i]);
      }
      row[width] = biasFeature;
      problem.x[i] = row;
      problem.y[i] = isSpam[i] ? 1 : -1;
      spam += isSpam[i] ? 1 : 0;
    }
    if (spam == 0 || spam == n) {
      throw new IllegalArgumentException("the combiner needs spam and ham, got " + n + " of one");
    }
    Parameter parameter = new Parameter(SolverType.L2R_LR, COMBINER_C, 0.001);
    // The bias of a combiner of two or three parameters should not be pulled towards zero.
    parameter.setRegularizeBias(false);
    Model model = Linear.train(problem, parameter);
    double[] w = model.getFeatureWeights();
    double sign = model.getLabels()[0] == 1 ? 1 : -1;
    double[] out = new double[width + 1];
    for (int c = 0; c <= width; c++) {
      out[c] = sign * w[c];
    }
    return out;
  }
}
