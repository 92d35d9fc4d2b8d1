package dev.spamflow.core.drift;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.spamflow.core.port.DriftMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one drift run found: the JSON {@code spamflow drift} prints and the drift stage stores as
 * {@code reports/drift/<time>/report.json}.
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param status {@link #CHECKED}, {@link #NO_REFERENCE} or {@link #WINDOW_TOO_SMALL}
 * @param reason one line on why nothing was compared; null when {@code status} is {@link #CHECKED}
 * @param drifted the verdict: the embedding vote, or the dataset drift of the features; false when
 *     nothing was compared
 * @param model what was compared against: name, version (when registered), bundle creation time,
 *     training data hash
 * @param window the current window: messages, and its time range when it has one
 * @param referenceMessages the reference's training messages
 * @param features per-feature drift; null when nothing was compared
 * @param embeddings the embedding methods and their vote; null when nothing was compared
 * @param seconds how long the comparison took
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DriftReport(
    int formatVersion,
    String status,
    String reason,
    boolean drifted,
    Map<String, String> model,
    Map<String, String> window,
    long referenceMessages,
    Features features,
    Embeddings embeddings,
    double seconds) {

  /** The version of this layout; bump it when a field changes meaning. */
  public static final int FORMAT_VERSION = 1;

  /** The window was compared with the reference. */
  public static final String CHECKED = "checked";

  /** The champion's bundle has no drift reference (trained before bundles carried one). */
  public static final String NO_REFERENCE = "no-reference";

  /** The window holds too few messages to say anything. */
  public static final String WINDOW_TOO_SMALL = "window-too-small";

  /** Copies the maps. */
  public DriftReport {
    model = model == null ? Map.of() : Map.copyOf(model);
    window = window == null ? Map.of() : Map.copyOf(window);
  }

  /**
   * Returns this report with other model and window descriptions (the stage knows the version and
   * the time range, the detector does not).
   *
   * @param model replaces {@link #model()}
   * @param window replaces {@link #window()}
   * @return a copy
   */
  public DriftReport describing(Map<String, String> model, Map<String, String> window) {
    return new DriftReport(
        formatVersion,
        status,
        reason,
        drifted,
        model,
        window,
        referenceMessages,
        features,
        embeddings,
        seconds);
  }

  /**
   * Returns the report as metric rows, as {@code drift_metrics} holds them: per column its test and
   * its PSI (without a threshold), per embedding method its score, then the two overall verdicts
   * ({@code features}/{@code drifted_share} and {@code embeddings}/{@code votes}). Empty when
   * nothing was compared.
   *
   * @return the rows, in that order
   */
  public List<DriftMetric> metrics() {
    List<DriftMetric> rows = new ArrayList<>();
    if (features != null) {
      for (Column column : features.columns()) {
        rows.add(
            new DriftMetric(
                column.feature(),
                column.method(),
                column.score(),
                column.threshold(),
                column.drifted()));
        rows.add(new DriftMetric(column.feature(), "psi", column.psi(), Double.NaN, false));
      }
    }
    if (embeddings != null) {
      for (Method method : embeddings.methods()) {
        rows.add(
            new DriftMetric(
                method.method(),
                method.metric(),
                method.score(),
                method.threshold(),
                method.drifted()));
      }
    }
    if (features != null) {
      rows.add(
          new DriftMetric(
              "features",
              "drifted_share",
              features.driftedShare(),
              features.driftShareThreshold(),
              features.datasetDrift()));
    }
    if (embeddings != null) {
      rows.add(
          new DriftMetric(
              "embeddings",
              "votes",
              embeddings.votes(),
              embeddings.votesNeeded(),
              embeddings.drifted()));
    }
    return rows;
  }

  /**
   * Per-feature drift.
   *
   * @param datasetDrift whether at least {@code driftShareThreshold} of the columns drifted
   * @param driftedShare the share of columns that drifted
   * @param driftShareThreshold the share needed ({@link FeatureDrift#DRIFT_SHARE})
   * @param columns one result per column
   */
  public record Features(
      boolean datasetDrift, double driftedShare, double driftShareThreshold, List<Column> columns) {
    /** Copies the list. */
    public Features {
      columns = List.copyOf(columns);
    }
  }

  /**
   * One column's test.
   *
   * @param feature the column ({@code text_length} …, {@code token_count}, {@code predicted_spam})
   * @param method {@code ks}, {@code chisquare}, {@code z}, {@code wasserstein} or {@code
   *     jensenshannon}
   * @param score the p-value of a test, or the distance
   * @param threshold p-values below it, distances at or above it, drift
   * @param drifted the verdict
   * @param psi the population stability index over the same bins (reported, not voted on)
   * @param reference count, mean and standard deviation of the reference values
   * @param current the same of the window's values
   * @param histogram both distributions over the same bins, for the report's charts
   */
  public record Column(
      String feature,
      String method,
      double score,
      double threshold,
      boolean drifted,
      double psi,
      Map<String, Double> reference,
      Map<String, Double> current,
      Histogram histogram) {}

  /**
   * Shares per bin of both samples.
   *
   * @param bins bin labels: a value, a range {@code lo–hi}, or an open end ({@code ≤ x}, {@code >
   *     x})
   * @param reference the reference's share in each bin
   * @param current the window's share in each bin
   */
  public record Histogram(List<String> bins, List<Double> reference, List<Double> current) {
    /** Copies the lists. */
    public Histogram {
      bins = List.copyOf(bins);
      reference = List.copyOf(reference);
      current = List.copyOf(current);
    }
  }

  /**
   * The embedding methods and their vote.
   *
   * @param drifted whether at least {@code votesNeeded} methods called drift
   * @param votes methods that called drift
   * @param votesNeeded {@link EmbeddingDrift#VOTES_NEEDED}
   * @param referenceRows reference embeddings compared
   * @param currentRows window embeddings compared (a seeded sample of at most {@link
   *     EmbeddingDrift#MAX_ROWS})
   * @param methods one result per method
   */
  public record Embeddings(
      boolean drifted,
      int votes,
      int votesNeeded,
      int referenceRows,
      int currentRows,
      List<Method> methods) {
    /** Copies the list. */
    public Embeddings {
      methods = List.copyOf(methods);
    }
  }

  /**
   * One embedding method.
   *
   * @param method {@code domain_classifier}, {@code mmd} or {@code cosine}
   * @param metric what {@code score} is
   * @param score the method's score
   * @param threshold the score's threshold
   * @param drifted the verdict: AUC and cosine distance above it, the MMD p-value below it
   * @param detail how the score and threshold were computed
   */
  public record Method(
      String method,
      String metric,
      double score,
      double threshold,
      boolean drifted,
      String detail) {}

  static String format(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e9) {
      return Long.toString((long) value);
    }
    return String.format(Locale.ROOT, "%.3g", value);
  }
}
