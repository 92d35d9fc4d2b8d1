package dev.spamflow.core.port;

import java.util.Objects;

/**
 * One metric of a drift run: a row of {@code drift_metrics}.
 *
 * @param subject the feature ({@code text_length} …) or embedding method ({@code mmd} …), or {@code
 *     features} / {@code embeddings} for the overall verdicts
 * @param metric what {@code value} is ({@code wasserstein}, {@code ks}, {@code psi}, {@code
 *     roc_auc}, {@code votes} …)
 * @param value the value
 * @param threshold its threshold; NaN for a value reported without one (PSI)
 * @param drifted whether it crossed the threshold
 */
public record DriftMetric(
    String subject, String metric, double value, double threshold, boolean drifted) {

  /** Checks for nulls. */
  public DriftMetric {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(metric, "metric");
  }
}
