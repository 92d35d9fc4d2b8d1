package dev.spamflow.core.drift;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-feature drift with Evidently's documented defaults (legacy {@code
 * stattests.registry._get_default_stattest}), every column treated as numeric:
 *
 * <ul>
 *   <li>reference of at most 1,000 rows: a column with more than 5 distinct values (both samples
 *       together) by the two-sample Kolmogorov–Smirnov test, 3 to 5 values by chi-square, 1 or 2 by
 *       the proportion Z-test; drift when p &lt; 0.05 (0.95 confidence);
 *   <li>more than 1,000 rows: more than 5 values by the normed Wasserstein distance, at most 5 by
 *       the Jensen–Shannon distance; drift when the distance is ≥ 0.1.
 * </ul>
 *
 * The PSI of every column is reported beside its test (not voted on), and the window drifts as a
 * dataset when at least half of its columns drift (Evidently's {@code drift_share} of 0.5).
 */
public final class FeatureDrift {

  /** The reference size up to which the statistical tests apply (Evidently: 1,000). */
  public static final int SMALL_REFERENCE = 1_000;

  /** Distinct values up to which a column counts as categorical (Evidently: 5). */
  public static final int CATEGORICAL_VALUES = 5;

  /** The p-value below which a test calls drift (0.95 confidence). */
  public static final double P_VALUE = 0.05;

  /** The Wasserstein and Jensen–Shannon distance at or above which a column drifts. */
  public static final double DISTANCE = 0.1;

  /** The share of drifted columns at or above which the window drifts (Evidently: 0.5). */
  public static final double DRIFT_SHARE = 0.5;

  private FeatureDrift() {}

  /**
   * Tests every column of the reference that the window has.
   *
   * @param reference column name → reference values, in report order
   * @param current column name → the window's values
   * @return one result per column and the dataset verdict
   * @throws IllegalArgumentException when a column is empty on either side
   */
  public static DriftReport.Features compare(
      Map<String, double[]> reference, Map<String, double[]> current) {
    List<DriftReport.Column> columns = new ArrayList<>();
    for (Map.Entry<String, double[]> entry : reference.entrySet()) {
      double[] cur = current.get(entry.getKey());
      if (cur == null) {
        continue;
      }
      columns.add(column(entry.getKey(), entry.getValue(), cur));
    }
    long drifted = columns.stream().filter(DriftReport.Column::drifted).count();
    double share = columns.isEmpty() ? 0 : (double) drifted / columns.size();
    return new DriftReport.Features(
        share >= DRIFT_SHARE && !columns.isEmpty(), share, DRIFT_SHARE, columns);
  }

  /**
   * Tests one column.
   *
   * @param name the column
   * @param reference its reference values, not empty
   * @param current the window's values, not empty
   * @return the test chosen, its score, threshold and verdict, the PSI and both distributions
   */
  public static DriftReport.Column column(String name, double[] reference, double[] current) {
    if (reference.length == 0 || current.length == 0) {
      throw new IllegalArgumentException(
          "column "
              + name
              + ": both samples need values (reference "
              + reference.length
              + ", current "
              + current.length
              + ")");
    }
    int values = Univariate.distinct(reference, current);
    String method;
    double score;
    double threshold;
    boolean drifted;
    if (reference.length <= SMALL_REFERENCE) {
      if (values > CATEGORICAL_VALUES) {
        method = "ks";
        score = Univariate.ksPValue(reference, current);
      } else if (values > 2) {
        method = "chisquare";
        score = Univariate.chiSquarePValue(reference, current);
      } else {
        method = "z";
        score = Univariate.zTestPValue(reference, current);
      }
      threshold = P_VALUE;
      drifted = score < threshold;
    } else {
      if (values > CATEGORICAL_VALUES) {
        method = "wasserstein";
        score = Univariate.normedWasserstein(reference, current);
      } else {
        method = "jensenshannon";
        Univariate.Binned binned = Univariate.binned(reference, current);
        score = Univariate.jensenShannon(binned.reference(), binned.current());
      }
      threshold = DISTANCE;
      drifted = score >= threshold;
    }
    Univariate.Binned binned = Univariate.binned(reference, current);
    double psi =
        Univariate.psi(
            Univariate.fillZeroes(binned.reference()), Univariate.fillZeroes(binned.current()));
    return new DriftReport.Column(
        name,
        method,
        score,
        threshold,
        drifted,
        psi,
        summary(reference),
        summary(current),
        histogram(binned, reference, current));
  }

  private static Map<String, Double> summary(double[] values) {
    double sum = 0;
    for (double value : values) {
      sum += value;
    }
    Map<String, Double> summary = new LinkedHashMap<>();
    summary.put("count", (double) values.length);
    summary.put("mean", sum / values.length);
    summary.put("std", Univariate.std(values));
    return summary;
  }

  /**
   * The distributions to draw: per value for a column of few values; otherwise in bins cut at the
   * reference's deciles, the first and last bins open-ended. (The tests bin as Evidently does, over
   * both samples' full range; one long e-mail would squeeze those bins into a single bar.)
   */
  private static DriftReport.Histogram histogram(
      Univariate.Binned binned, double[] reference, double[] current) {
    List<String> bins = new ArrayList<>();
    if (binned.edges() == null) {
      for (double value : binned.values()) {
        bins.add(DriftReport.format(value));
      }
      return new DriftReport.Histogram(bins, toList(binned.reference()), toList(binned.current()));
    }
    double[] sorted = reference.clone();
    java.util.Arrays.sort(sorted);
    List<Double> cuts = new ArrayList<>();
    for (int decile = 1; decile <= 9; decile++) {
      double cut = sorted[(int) Math.floor(decile / 10.0 * (sorted.length - 1))];
      if (cuts.isEmpty() || cut > cuts.getLast()) {
        cuts.add(cut);
      }
    }
    for (int i = 0; i <= cuts.size(); i++) {
      if (i == 0) {
        bins.add("≤ " + DriftReport.format(cuts.getFirst()));
      } else if (i == cuts.size()) {
        bins.add("> " + DriftReport.format(cuts.getLast()));
      } else {
        bins.add(DriftReport.format(cuts.get(i - 1)) + "–" + DriftReport.format(cuts.get(i)));
      }
    }
    return new DriftReport.Histogram(bins, shares(reference, cuts), shares(current, cuts));
  }

  /** Shares of values per bin: {@code ≤ cuts[0]}, {@code (cuts[i-1], cuts[i]]}, {@code > last}. */
  private static List<Double> shares(double[] values, List<Double> cuts) {
    long[] counts = new long[cuts.size() + 1];
    for (double value : values) {
      int bin = 0;
      while (bin < cuts.size() && value > cuts.get(bin)) {
        bin++;
      }
      counts[bin]++;
    }
    List<Double> shares = new ArrayList<>(counts.length);
    for (long count : counts) {
      shares.add((double) count / values.length);
    }
    return shares;
  }

  private static List<Double> toList(double[] values) {
    List<Double> list = new ArrayList<>(values.length);
    for (double value : values) {
      list.add(value);
    }
    return list;
  }
}
