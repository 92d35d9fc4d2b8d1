package dev.spamflow.core.drift;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.inference.ChiSquareTest;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;

/**
 * The one-column statistics of {@link FeatureDrift}, each defined as Evidently (legacy {@code
 * calculations.stattests}) and SciPy define it, and tested against values SciPy computed ({@code
 * scripts/drift-fixture.py}).
 *
 * <p>Which are a library's and which are ours: the two-sample Kolmogorov–Smirnov and the chi-square
 * goodness-of-fit tests are Apache Commons Statistics' ({@code commons-statistics-inference}); the
 * normal distribution of the Z-test is too. The Wasserstein distance, Jensen–Shannon distance, PSI
 * and the binning they share are a few lines each, written here: no well-kept Java library has
 * them, and they have to bin exactly as Evidently does to mean the same thing.
 */
public final class Univariate {

  /** Evidently's rule for turning a zero share into a small positive one before a logarithm. */
  private static final double ZERO_SHARE = 0.0001;

  private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

  private Univariate() {}

  /**
   * The two-sample Kolmogorov–Smirnov test's p-value (two-sided).
   *
   * @param reference the reference sample, not empty
   * @param current the current sample, not empty
   * @return the p-value, 0 to 1
   */
  public static double ksPValue(double[] reference, double[] current) {
    return KolmogorovSmirnovTest.withDefaults().test(reference, current).getPValue();
  }

  /**
   * Evidently's chi-square test: the current counts of each value against the reference counts
   * scaled to the current sample's size.
   *
   * @param reference the reference sample, not empty
   * @param current the current sample, not empty
   * @return the p-value; 0 when the current sample holds a value the reference never had
   */
  public static double chiSquarePValue(double[] reference, double[] current) {
    Map<Double, long[]> counts = valueCounts(reference, current);
    double scale = (double) current.length / reference.length;
    double[] expected = new double[counts.size()];
    long[] observed = new long[counts.size()];
    int i = 0;
    for (long[] pair : counts.values()) {
      if (pair[0] == 0) {
        // SciPy's statistic is infinite here: a value the reference never showed.
        return 0.0;
      }
      expected[i] = pair[0] * scale;
      observed[i] = pair[1];
      i++;
    }
    if (expected.length < 2) {
      return 1.0;
    }
    return ChiSquareTest.withDefaults().test(expected, observed).getPValue();
  }

  /**
   * Evidently's two-sample Z-test for a difference of proportions (pooled variance, two-sided), for
   * a column of at most two values: the share of values other than the smallest.
   *
   * @param reference the reference sample, not empty
   * @param current the current sample, not empty
   * @return the p-value; 1 when both samples hold the same single value
   */
  public static double zTestPValue(double[] reference, double[] current) {
    double smallest = Math.min(min(reference), min(current));
    double p1 = shareOtherThan(reference, smallest);
    double p2 = shareOtherThan(current, smallest);
    double n1 = reference.length;
    double n2 = current.length;
    double pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
    double variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2);
    if (variance == 0) {
      return 1.0;
    }
    double z = (p1 - p2) / Math.sqrt(variance);
    return 2 * STANDARD_NORMAL.survivalProbability(Math.abs(z));
  }

  /**
   * The 1-Wasserstein (earth mover's) distance between two empirical distributions, SciPy's {@code
   * wasserstein_distance}: the area between their cumulative distribution functions.
   *
   * @param u one sample, not empty
   * @param v the other, not empty
   * @return the distance, in the samples' unit
   */
  public static double wasserstein(double[] u, double[] v) {
    double[] a = u.clone();
    double[] b = v.clone();
    Arrays.sort(a);
    Arrays.sort(b);
    int i = 0;
    int j = 0;
    double previous = Math.min(a[0], b[0]);
    double area = 0;
    while (i < a.length || j < b.length) {
      double next;
      if (j >= b.length || (i < a.length && a[i] <= b[j])) {
        next = a[i];
      } else {
        next = b[j];
      }
      area += Math.abs((double) i / a.length - (double) j / b.length) * (next - previous);
      while (i < a.length && a[i] == next) {
        i++;
      }
      while (j < b.length && b[j] == next) {
        j++;
      }
      previous = next;
    }
    return area;
  }

  /**
   * Evidently's normed Wasserstein distance: {@link #wasserstein} over the reference's population
   * standard deviation, at least 0.001.
   *
   * @param reference the reference sample, not empty
   * @param current the current sample, not empty
   * @return the distance in reference standard deviations
   */
  public static double normedWasserstein(double[] reference, double[] current) {
    return wasserstein(reference, current) / Math.max(std(reference), 0.001);
  }

  /**
   * The Jensen–Shannon distance (SciPy's {@code distance.jensenshannon}, natural logarithm: the
   * square root of the divergence) between two distributions over the same bins.
   *
   * @param p shares or counts per bin
   * @param q shares or counts per bin, as many as {@code p}
   * @return the distance, 0 to √ln 2
   */
  public static double jensenShannon(double[] p, double[] q) {
    double sp = sum(p);
    double sq = sum(q);
    double divergence = 0;
    for (int i = 0; i < p.length; i++) {
      double a = p[i] / sp;
      double b = q[i] / sq;
      double m = (a + b) / 2;
      divergence += relativeEntropy(a, m) + relativeEntropy(b, m);
    }
    return Math.sqrt(Math.max(0, divergence / 2));
  }

  /**
   * The population stability index over the same bins, {@code Σ (r − c) ln(r / c)}; shares must
   * already be positive (see {@link #fillZeroes}).
   *
   * @param reference reference share per bin
   * @param current current share per bin
   * @return the index, ≥ 0
   */
  public static double psi(double[] reference, double[] current) {
    double psi = 0;
    for (int i = 0; i < reference.length; i++) {
      psi += (reference[i] - current[i]) * Math.log(reference[i] / current[i]);
    }
    return psi;
  }

  /**
   * The shares of both samples per bin as Evidently's {@code get_binned_data} makes them: a column
   * with more than 20 distinct reference values is cut into equal-width bins over both samples
   * (NumPy's Sturges rule); any other column is counted per distinct value.
   *
   * @param reference the reference sample, not empty
   * @param current the current sample, not empty
   * @return the bins and both samples' shares
   */
  public static Binned binned(double[] reference, double[] current) {
    if (distinct(reference) > 20) {
      double[] edges = sturgesEdges(reference, current);
      return new Binned(
          edges,
          shares(histogram(reference, edges), reference.length),
          shares(histogram(current, edges), current.length));
    }
    Map<Double, long[]> counts = valueCounts(reference, current);
    double[] values = new double[counts.size()];
    double[] ref = new double[counts.size()];
    double[] cur = new double[counts.size()];
    int i = 0;
    for (Map.Entry<Double, long[]> entry : counts.entrySet()) {
      values[i] = entry.getKey();
      ref[i] = (double) entry.getValue()[0] / reference.length;
      cur[i] = (double) entry.getValue()[1] / current.length;
      i++;
    }
    return new Binned(null, ref, cur, values);
  }

  /**
   * Replaces zero shares as Evidently does before PSI: with the smallest non-zero share ÷ 10⁶ when
   * that is at most 0.0001, else with 0.0001.
   *
   * @param shares shares per bin; not modified
   * @return a copy without zeros
   */
  public static double[] fillZeroes(double[] shares) {
    double smallest = Double.POSITIVE_INFINITY;
    for (double share : shares) {
      if (share > 0) {
        smallest = Math.min(smallest, share);
      }
    }
    double fill = smallest <= ZERO_SHARE ? smallest / 1e6 : ZERO_SHARE;
    double[] out = shares.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] == 0) {
        out[i] = fill;
      }
    }
    return out;
  }

  /**
   * Bins of a column and the shares of both samples in them.
   *
   * @param edges bin edges (one more than bins) for a binned numeric column; null when each bin is
   *     one value
   * @param reference reference share per bin
   * @param current current share per bin
   * @param values the value of each bin when {@code edges} is null; null otherwise
   */
  @SuppressWarnings("ArrayRecordComponent") // short per-bin arrays, made for one comparison
  public record Binned(double[] edges, double[] reference, double[] current, double[] values) {
    Binned(double[] edges, double[] reference, double[] current) {
      this(edges, reference, current, null);
    }
  }

  /** NumPy's {@code histogram_bin_edges(both, bins="sturges")}. */
  static double[] sturgesEdges(double[] reference, double[] current) {
    double lo = Math.min(min(reference), min(current));
    double hi = Math.max(max(reference), max(current));
    if (lo == hi) {
      lo -= 0.5;
      hi += 0.5;
    }
    int n = reference.length + current.length;
    double width = (hi - lo) / (Math.log(n) / Math.log(2) + 1.0);
    int bins = Math.max(1, (int) Math.ceil((hi - lo) / width));
    double[] edges = new double[bins + 1];
    // np.linspace: start + i * step, the last edge exactly hi.
    double step = (hi - lo) / bins;
    for (int i = 0; i < bins; i++) {
      edges[i] = lo + i * step;
    }
    edges[bins] = hi;
    return edges;
  }

  /** NumPy's {@code histogram}: bins are half-open {@code [e_i, e_i+1)}, the last one closed. */
  static long[] histogram(double[] values, double[] edges) {
    long[] counts = new long[edges.length - 1];
    for (double value : values) {
      if (value < edges[0] || value > edges[edges.length - 1]) {
        continue;
      }
      int bin = Arrays.binarySearch(edges, value);
      bin = bin >= 0 ? bin : -bin - 2;
      counts[Math.min(bin, counts.length - 1)]++;
    }
    return counts;
  }

  /** The population standard deviation (NumPy's {@code std}, ddof 0). */
  static double std(double[] values) {
    double mean = sum(values) / values.length;
    double squares = 0;
    for (double value : values) {
      squares += (value - mean) * (value - mean);
    }
    return Math.sqrt(squares / values.length);
  }

  static int distinct(double[] values) {
    return (int) Arrays.stream(values).distinct().count();
  }

  static int distinct(double[] a, double[] b) {
    return valueCounts(a, b).size();
  }

  /** Counts per distinct value of both samples, in ascending value order: {reference, current}. */
  private static Map<Double, long[]> valueCounts(double[] reference, double[] current) {
    Map<Double, long[]> counts = new TreeMap<>();
    for (double value : reference) {
      counts.computeIfAbsent(value, v -> new long[2])[0]++;
    }
    for (double value : current) {
      counts.computeIfAbsent(value, v -> new long[2])[1]++;
    }
    return counts;
  }

  private static double[] shares(long[] counts, int total) {
    double[] shares = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      shares[i] = (double) counts[i] / total;
    }
    return shares;
  }

  private static double shareOtherThan(double[] values, double smallest) {
    long other = 0;
    for (double value : values) {
      if (value != smallest) {
        other++;
      }
    }
    return (double) other / values.length;
  }

  private static double relativeEntropy(double x, double y) {
    return x > 0 ? x * Math.log(x / y) : 0;
  }

  private static double sum(double[] values) {
    double sum = 0;
    for (double value : values) {
      sum += value;
    }
    return sum;
  }

  private static double min(double[] values) {
    return Arrays.stream(values).min().orElseThrow();
  }

  private static double max(double[] values) {
    return Arrays.stream(values).max().orElseThrow();
  }
}
