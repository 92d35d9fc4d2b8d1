package dev.spamflow.pipeline.curate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code curated/<id>/reference-stats.json}: the distribution of the training part, which drift
 * detection compares recent predictions against.
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param datasetId the dataset
 * @param part the part measured ({@code train})
 * @param messages messages measured
 * @param labelShare share of each label ({@code ham}, {@code spam}), summing to 1
 * @param features one entry per {@code Features.NAMES} name, in that order
 * @param tokenCount the histogram of tokens per message, on fixed edges {@link #TOKEN_COUNT_EDGES}
 * @param topTokens the most frequent tokens by the share of messages that hold them
 */
public record ReferenceStats(
    int formatVersion,
    String datasetId,
    String part,
    long messages,
    Map<String, Double> labelShare,
    Map<String, FeatureStats> features,
    Histogram tokenCount,
    List<TokenShare> topTokens) {

  /** The version of this layout; bump it when a field changes meaning. */
  public static final int FORMAT_VERSION = 1;

  /**
   * Fixed edges of the token-count histogram, so every dataset's histogram can be compared with
   * every other's; the last bin is open-ended.
   */
  public static final List<Double> TOKEN_COUNT_EDGES =
      List.of(0.0, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 75.0, 100.0, 150.0, 200.0, 500.0);

  /** Copies the collections. */
  public ReferenceStats {
    // Insertion order is kept so that the JSON lists features in Features.NAMES order.
    labelShare = Collections.unmodifiableMap(new LinkedHashMap<>(labelShare));
    features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
    topTokens = List.copyOf(topTokens);
  }

  /**
   * The distribution of one feature.
   *
   * @param mean the mean
   * @param std the population standard deviation
   * @param min the smallest value
   * @param max the largest value
   * @param quantiles {@code p01, p05, p10, p25, p50, p75, p90, p95, p99} (linear interpolation)
   * @param histogram counts per bin; edges are the reference's deciles (distinct ones), or {@code
   *     0, 0.5, 1} for a yes/no feature, so each bin holds a similar share of the reference
   */
  public record FeatureStats(
      double mean,
      double std,
      double min,
      double max,
      Map<String, Double> quantiles,
      Histogram histogram) {

    /** Copies the quantiles, keeping their order. */
    public FeatureStats {
      quantiles = Collections.unmodifiableMap(new LinkedHashMap<>(quantiles));
    }
  }

  /**
   * Counts of values in consecutive bins {@code [edges[i], edges[i+1])}; the last bin also holds
   * values at or above its upper edge, the first those below its lower edge.
   *
   * @param edges the bin edges, ascending; one more than there are bins
   * @param counts values per bin
   */
  public record Histogram(List<Double> edges, List<Long> counts) {

    /** Copies the lists. */
    public Histogram {
      edges = List.copyOf(edges);
      counts = List.copyOf(counts);
    }
  }

  /**
   * A frequent token.
   *
   * @param token the token as {@code TextFeatures.tokens} gives it
   * @param messages how many messages hold it
   * @param share {@code messages} over all messages
   */
  public record TokenShare(String token, long messages, double share) {}
}
