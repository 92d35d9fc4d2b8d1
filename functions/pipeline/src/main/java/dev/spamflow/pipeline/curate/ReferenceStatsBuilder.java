package dev.spamflow.pipeline.curate;

import dev.spamflow.core.data.Label;
import dev.spamflow.core.text.Features;
import dev.spamflow.core.text.TextFeatures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Accumulates the training part's messages into {@link ReferenceStats}. */
final class ReferenceStatsBuilder {

  private static final Set<String> YES_NO = Set.of("has_url", "has_email", "has_currency");
  private static final double[] QUANTILES = {0.01, 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99};

  private final Map<String, double[]> values = new LinkedHashMap<>();
  private final long[] tokenCounts = new long[ReferenceStats.TOKEN_COUNT_EDGES.size() - 1];
  private final Map<String, Long> tokenMessages = new HashMap<>();
  private final int capacity;
  private int size;
  private long spam;

  /** Creates a builder for exactly {@code capacity} messages. */
  ReferenceStatsBuilder(int capacity) {
    this.capacity = capacity;
    for (String name : Features.NAMES) {
      values.put(name, new double[capacity]);
    }
  }

  void add(Label label, TextFeatures.Analysis analysis) {
    if (size == capacity) {
      throw new IllegalStateException("more messages than the " + capacity + " announced");
    }
    for (Map.Entry<String, Double> feature : analysis.features().asMap().entrySet()) {
      values.get(feature.getKey())[size] = feature.getValue();
    }
    tokenCounts[bin(ReferenceStats.TOKEN_COUNT_EDGES, analysis.tokens().size())]++;
    for (String token : new HashSet<>(analysis.tokens())) {
      tokenMessages.merge(token, 1L, Long::sum);
    }
    if (label == Label.SPAM) {
      spam++;
    }
    size++;
  }

  ReferenceStats build(String datasetId, String part, int topTokens) {
    Map<String, Double> labelShare = new LinkedHashMap<>();
    labelShare.put(Label.HAM.wireName(), size == 0 ? 0.0 : (double) (size - spam) / size);
    labelShare.put(Label.SPAM.wireName(), size == 0 ? 0.0 : (double) spam / size);
    Map<String, ReferenceStats.FeatureStats> features = new LinkedHashMap<>();
    values.forEach((name, all) -> features.put(name, describe(name, Arrays.copyOf(all, size))));
    List<Long> tokenHistogram = new ArrayList<>();
    for (long count : tokenCounts) {
      tokenHistogram.add(count);
    }
    List<ReferenceStats.TokenShare> top =
        tokenMessages.entrySet().stream()
            .sorted(
                Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(Map.Entry.comparingByKey()))
            .limit(topTokens)
            .map(
                e ->
                    new ReferenceStats.TokenShare(
                        e.getKey(), e.getValue(), (double) e.getValue() / size))
            .toList();
    return new ReferenceStats(
        ReferenceStats.FORMAT_VERSION,
        datasetId,
        part,
        size,
        labelShare,
        features,
        new ReferenceStats.Histogram(ReferenceStats.TOKEN_COUNT_EDGES, tokenHistogram),
        top);
  }

  private static ReferenceStats.FeatureStats describe(String name, double[] sorted) {
    Arrays.sort(sorted);
    double sum = 0;
    for (double v : sorted) {
      sum += v;
    }
    double mean = sorted.length == 0 ? 0 : sum / sorted.length;
    double squares = 0;
    for (double v : sorted) {
      squares += (v - mean) * (v - mean);
    }
    double std = sorted.length == 0 ? 0 : Math.sqrt(squares / sorted.length);
    Map<String, Double> quantiles = new LinkedHashMap<>();
    for (double q : QUANTILES) {
      quantiles.put(String.format(Locale.ROOT, "p%02d", Math.round(q * 100)), quantile(sorted, q));
    }
    List<Double> edges = YES_NO.contains(name) ? List.of(0.0, 0.5, 1.0) : decileEdges(sorted);
    long[] counts = new long[Math.max(1, edges.size() - 1)];
    for (double v : sorted) {
      counts[bin(edges, v)]++;
    }
    List<Long> countList = new ArrayList<>();
    for (long c : counts) {
      countList.add(c);
    }
    double min = sorted.length == 0 ? 0 : sorted[0];
    double max = sorted.length == 0 ? 0 : sorted[sorted.length - 1];
    return new ReferenceStats.FeatureStats(
        mean, std, min, max, quantiles, new ReferenceStats.Histogram(edges, countList));
  }

  /** Distinct deciles with min and max; at least two edges so there is at least one bin. */
  private static List<Double> decileEdges(double[] sorted) {
    List<Double> edges = new ArrayList<>();
    for (int i = 0; i <= 10; i++) {
      double edge = quantile(sorted, i / 10.0);
      if (edges.isEmpty() || edge > edges.getLast()) {
        edges.add(edge);
      }
    }
    if (edges.size() == 1) {
      edges.add(edges.getFirst());
    }
    return edges;
  }

  /** Linear interpolation between the closest ranks (type 7, as numpy's default). */
  private static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    double position = q * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
  }

  /**
   * The bin of a value: below the first edge counts in the first bin, above the last in the last.
   */
  static int bin(List<Double> edges, double value) {
    int bins = Math.max(1, edges.size() - 1);
    for (int i = 1; i < edges.size() - 1; i++) {
      if (value < edges.get(i)) {
        return i - 1;
      }
    }
    return bins - 1;
  }
}
