package dev.spamflow.core.drift;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import dev.spamflow.core.model.Metrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Embedding drift by three methods and a 2-of-3 vote (the e-mail design's rule): a domain
 * classifier, the maximum mean discrepancy, and the cosine distance between mean embeddings. Each
 * is seeded, so the same window and reference always give the same report.
 *
 * <ul>
 *   <li><b>Domain classifier</b>: an L2-regularised logistic regression (LIBLINEAR, C = 1) on the
 *       standardised embeddings learns to tell reference rows from window rows on a stratified half
 *       of both and is scored on the other half. Drift when its ROC-AUC exceeds 0.55 — and, when
 *       the reference has fewer than 1,000 rows, also the 95th percentile of the AUCs that 100
 *       random scorings of the same held-out half reach (Evidently's bootstrap), since a small
 *       held-out half lets chance alone pass 0.55.
 *   <li><b>MMD</b>: the unbiased MMD² between the two samples with a Gaussian (RBF) kernel {@code
 *       exp(−‖x − y‖² / σ²)}, σ the median distance between all pairs of the pooled sample (the
 *       median heuristic), and a permutation test: the share of 200 random relabellings of the
 *       pooled sample whose MMD² reaches the observed one, {@code (1 + count) / (1 + 200)}. Drift
 *       when that p-value is below 0.05.
 *   <li><b>Mean-embedding cosine distance</b>: {@code 1 − cos(mean(reference), mean(window))}, its
 *       threshold calibrated on the reference alone: 200 times, a random part of the reference of
 *       the window's size (at most half the reference) is compared with the rest, and the 95th
 *       percentile of those distances is the threshold. A part of size s against the other n − s
 *       rows varies at least as much as a window of s against all n, so the threshold errs towards
 *       fewer false alarms.
 * </ul>
 *
 * The window is subsampled to at most {@link #MAX_ROWS} rows (seeded) for all three; the reference
 * holds at most that many by construction ({@link DriftReference}).
 */
public final class EmbeddingDrift {

  /** Rows of either side the methods use at most: MMD's kernel matrix grows with its square. */
  public static final int MAX_ROWS = 1_000;

  /** The domain classifier's ROC-AUC above which it calls drift. */
  public static final double AUC_THRESHOLD = 0.55;

  /** Reference size below which the classifier's threshold is also bootstrapped. */
  public static final int BOOTSTRAP_BELOW = 1_000;

  /** The permutation test's p-value below which MMD calls drift. */
  public static final double MMD_P_VALUE = 0.05;

  /** Methods that must agree for the vote to call drift. */
  public static final int VOTES_NEEDED = 2;

  private static final int PERMUTATIONS = 200;
  private static final int RANDOM_AUCS = 100;
  private static final int CALIBRATION_SPLITS = 200;
  private static final double QUANTILE = 0.95;

  static {
    Linear.disableDebugOutput();
  }

  private EmbeddingDrift() {}

  /**
   * Runs the three methods and the vote.
   *
   * @param reference the reference embeddings, at least two rows
   * @param current the window's embeddings, at least two rows, of the same width
   * @param seed seeds every random choice
   * @return each method's score, threshold and verdict, and the vote
   */
  public static DriftReport.Embeddings compare(float[][] reference, float[][] current, long seed) {
    float[][] ref = subsample(reference, MAX_ROWS, seed);
    float[][] cur = subsample(current, MAX_ROWS, seed + 1);
    List<DriftReport.Method> methods = new ArrayList<>();
    methods.add(domainClassifier(ref, cur, reference.length, seed));
    methods.add(mmd(ref, cur, seed));
    methods.add(cosine(ref, cur, seed));
    int votes = (int) methods.stream().filter(DriftReport.Method::drifted).count();
    return new DriftReport.Embeddings(
        votes >= VOTES_NEEDED, votes, VOTES_NEEDED, ref.length, cur.length, methods);
  }

  /** The domain classifier; {@code referenceRows} is the reference size before subsampling. */
  static DriftReport.Method domainClassifier(
      float[][] ref, float[][] cur, int referenceRows, long seed) {
    int dims = ref[0].length;
    double[] mean = new double[dims];
    double[] std = new double[dims];
    standardisation(ref, cur, mean, std);
    Random random = new Random(seed);
    int[] refOrder = shuffled(ref.length, random);
    int[] curOrder = shuffled(cur.length, random);
    int refTrain = ref.length / 2;
    int curTrain = cur.length / 2;
    List<Feature[]> trainRows = new ArrayList<>();
    List<Double> trainLabels = new ArrayList<>();
    for (int i = 0; i < refTrain; i++) {
      trainRows.add(features(ref[refOrder[i]], mean, std));
      trainLabels.add(0.0);
    }
    for (int i = 0; i < curTrain; i++) {
      trainRows.add(features(cur[curOrder[i]], mean, std));
      trainLabels.add(1.0);
    }
    Problem problem = new Problem();
    problem.l = trainRows.size();
    problem.n = dims;
    problem.x = trainRows.toArray(new Feature[0][]);
    problem.y = trainLabels.stream().mapToDouble(Double::doubleValue).toArray();
    problem.bias = 1;
    Parameter parameter = new Parameter(SolverType.L2R_LR, 1.0, 0.01);
    parameter.setRandom(new Random(seed));
    Model model = Linear.train(problem, parameter);
    int testSize = (ref.length - refTrain) + (cur.length - curTrain);
    double[] scores = new double[testSize];
    boolean[] isCurrent = new boolean[testSize];
    int k = 0;
    int currentLabelIndex = model.getLabels()[0] == 1 ? 0 : 1;
    double[] probabilities = new double[2];
    for (int i = refTrain; i < ref.length; i++) {
      Linear.predictProbability(model, features(ref[refOrder[i]], mean, std), probabilities);
      scores[k++] = probabilities[currentLabelIndex];
    }
    for (int i = curTrain; i < cur.length; i++) {
      Linear.predictProbability(model, features(cur[curOrder[i]], mean, std), probabilities);
      isCurrent[k] = true;
      scores[k++] = probabilities[currentLabelIndex];
    }
    double auc = Metrics.rocAuc(scores, isCurrent);
    double threshold = AUC_THRESHOLD;
    String detail = "held-out half of " + testSize + " rows";
    if (referenceRows < BOOTSTRAP_BELOW) {
      double[] randomAucs = new double[RANDOM_AUCS];
      double[] noise = new double[testSize];
      for (int b = 0; b < RANDOM_AUCS; b++) {
        Random draw = new Random(seed + 1_000 + b);
        for (int i = 0; i < testSize; i++) {
          noise[i] = draw.nextDouble();
        }
        randomAucs[b] = Metrics.rocAuc(noise, isCurrent);
      }
      double bootstrapped = quantile(randomAucs, QUANTILE);
      threshold = Math.max(AUC_THRESHOLD, bootstrapped);
      detail +=
          String.format(
              java.util.Locale.ROOT,
              "; reference under %d rows: threshold also the 95th percentile of %d random AUCs (%.4f)",
              BOOTSTRAP_BELOW,
              RANDOM_AUCS,
              bootstrapped);
    }
    return new DriftReport.Method(
        "domain_classifier", "roc_auc", auc, threshold, auc > threshold, detail);
  }

  /** MMD² with the median heuristic and a permutation test. */
  static DriftReport.Method mmd(float[][] ref, float[][] cur, long seed) {
    int m = ref.length;
    Kernel pooled = kernel(ref, cur);
    double[][] kernel = pooled.values();
    int n = kernel.length;
    double sigma2 = pooled.sigma() * pooled.sigma();
    boolean[] inRef = new boolean[n];
    Arrays.fill(inRef, 0, m, true);
    double observed = mmd2Unbiased(kernel, inRef, m);
    Random random = new Random(seed);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    int reached = 0;
    boolean[] permuted = new boolean[n];
    for (int p = 0; p < PERMUTATIONS; p++) {
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      Arrays.fill(permuted, false);
      for (int i = 0; i < m; i++) {
        permuted[order[i]] = true;
      }
      if (mmd2Unbiased(kernel, permuted, m) >= observed) {
        reached++;
      }
    }
    double pValue = (1.0 + reached) / (1.0 + PERMUTATIONS);
    return new DriftReport.Method(
        "mmd",
        "permutation_p_value",
        pValue,
        MMD_P_VALUE,
        pValue < MMD_P_VALUE,
        String.format(
            java.util.Locale.ROOT,
            "MMD² %.6f, RBF bandwidth σ %.4f (median pairwise distance), %d permutations",
            observed,
            Math.sqrt(sigma2),
            PERMUTATIONS));
  }

  /**
   * The RBF kernel matrix of the pooled sample (reference rows first) and its bandwidth.
   *
   * @param values {@code exp(−‖x_i − x_j‖² / σ²)}
   * @param sigma σ: the median distance between pairs of the pooled sample (1 when that is 0)
   */
  @SuppressWarnings("ArrayRecordComponent") // a private n × n matrix, never copied
  record Kernel(double[][] values, double sigma) {}

  static Kernel kernel(float[][] ref, float[][] cur) {
    int m = ref.length;
    int n = m + cur.length;
    float[][] pooled = new float[n][];
    System.arraycopy(ref, 0, pooled, 0, m);
    System.arraycopy(cur, 0, pooled, m, cur.length);
    double[][] kernel = new double[n][n];
    double[] distances = new double[n * (n - 1) / 2];
    int d = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double squared = squaredDistance(pooled[i], pooled[j]);
        kernel[i][j] = squared;
        distances[d++] = Math.sqrt(squared);
      }
    }
    double median = quantileOfSorted(sortedCopy(distances), 0.5);
    double sigma = median > 0 ? median : 1.0;
    double sigma2 = sigma * sigma;
    for (int i = 0; i < n; i++) {
      kernel[i][i] = 1.0;
      for (int j = i + 1; j < n; j++) {
        double value = Math.exp(-kernel[i][j] / sigma2);
        kernel[i][j] = value;
        kernel[j][i] = value;
      }
    }
    return new Kernel(kernel, sigma);
  }

  /** The unbiased MMD² of the rows marked {@code inX} (m of them) against the rest. */
  static double mmd2Unbiased(double[][] kernel, boolean[] inX, int m) {
    int n = kernel.length;
    int k = n - m;
    double xx = 0;
    double yy = 0;
    double xy = 0;
    for (int i = 0; i < n; i++) {
      double[] row = kernel[i];
      double toX = 0;
      double toY = 0;
      for (int j = 0; j < n; j++) {
        if (inX[j]) {
          toX += row[j];
        } else {
          toY += row[j];
        }
      }
      if (inX[i]) {
        xx += toX - 1.0;
        xy += toY;
      } else {
        yy += toY - 1.0;
      }
    }
    return xx / ((double) m * (m - 1)) + yy / ((double) k * (k - 1)) - 2 * xy / ((double) m * k);
  }

  /** Mean-embedding cosine distance with a threshold calibrated on splits of the reference. */
  static DriftReport.Method cosine(float[][] ref, float[][] cur, long seed) {
    double distance = cosineDistance(mean(ref, null, true), mean(cur, null, true));
    int part = Math.max(1, Math.min(cur.length, ref.length / 2));
    Random random = new Random(seed);
    double[] calibration = new double[CALIBRATION_SPLITS];
    boolean[] inPart = new boolean[ref.length];
    for (int s = 0; s < CALIBRATION_SPLITS; s++) {
      int[] order = shuffled(ref.length, random);
      Arrays.fill(inPart, false);
      for (int i = 0; i < part; i++) {
        inPart[order[i]] = true;
      }
      calibration[s] = cosineDistance(mean(ref, inPart, true), mean(ref, inPart, false));
    }
    double threshold = quantile(calibration, QUANTILE);
    return new DriftReport.Method(
        "cosine",
        "cosine_distance",
        distance,
        threshold,
        distance > threshold,
        String.format(
            java.util.Locale.ROOT,
            "threshold: 95th percentile over %d random splits of the reference into %d and %d rows",
            CALIBRATION_SPLITS,
            part,
            ref.length - part));
  }

  static double cosineDistance(double[] a, double[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    if (na == 0 || nb == 0) {
      return na == nb ? 0 : 1;
    }
    return 1 - dot / Math.sqrt(na * nb);
  }

  /** The mean of the rows whose {@code mask} entry equals {@code want} (all rows without one). */
  private static double[] mean(float[][] rows, boolean[] mask, boolean want) {
    double[] mean = new double[rows[0].length];
    int count = 0;
    for (int i = 0; i < rows.length; i++) {
      if (mask != null && mask[i] != want) {
        continue;
      }
      for (int j = 0; j < mean.length; j++) {
        mean[j] += rows[i][j];
      }
      count++;
    }
    for (int j = 0; j < mean.length; j++) {
      mean[j] /= count;
    }
    return mean;
  }

  private static void standardisation(float[][] a, float[][] b, double[] mean, double[] std) {
    int count = a.length + b.length;
    for (float[][] rows : List.of(a, b)) {
      for (float[] row : rows) {
        for (int j = 0; j < mean.length; j++) {
          mean[j] += row[j];
        }
      }
    }
    for (int j = 0; j < mean.length; j++) {
      mean[j] /= count;
    }
    for (float[][] rows : List.of(a, b)) {
      for (float[] row : rows) {
        for (int j = 0; j < std.length; j++) {
          std[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
        }
      }
    }
    for (int j = 0; j < std.length; j++) {
      std[j] = Math.sqrt(std[j] / count);
      if (std[j] < 1e-9) {
        std[j] = 1;
      }
    }
  }

  private static Feature[] features(float[] row, double[] mean, double[] std) {
    Feature[] features = new Feature[row.length];
    for (int j = 0; j < row.length; j++) {
      features[j] = new FeatureNode(j + 1, (row[j] - mean[j]) / std[j]);
    }
    return features;
  }

  private static double squaredDistance(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double diff = (double) a[i] - b[i];
      sum += diff * diff;
    }
    return sum;
  }

  static float[][] subsample(float[][] rows, int max, long seed) {
    if (rows.length <= max) {
      return rows;
    }
    int[] order = shuffled(rows.length, new Random(seed));
    float[][] out = new float[max][];
    for (int i = 0; i < max; i++) {
      out[i] = rows[order[i]];
    }
    return out;
  }

  private static int[] shuffled(int n, Random random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** Linear interpolation between order statistics (NumPy's default percentile). */
  static double quantile(double[] values, double q) {
    return quantileOfSorted(sortedCopy(values), q);
  }

  private static double[] sortedCopy(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted;
  }

  private static double quantileOfSorted(double[] sorted, double q) {
    double position = q * (sorted.length - 1);
    int lower = (int) Math.floor(position);
    int upper = Math.min(sorted.length - 1, lower + 1);
    return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
  }
}
