package dev.spamflow.pipeline.score;

import java.util.List;

/**
 * What a scoring run did; stored as {@code scores/date=<day>/_run-<run>.json} beside its parts.
 *
 * @param runId the run's id: the same inputs (names and sizes) and model give the same id, so a
 *     rerun replaces its own parts and nothing else
 * @param day the UTC day of {@code scoredAt}, the partition the parts are in
 * @param scoredAt when the run started (ISO-8601), the {@code scored_at} of every row
 * @param modelName the model's name
 * @param modelVersion the model's version
 * @param threshold the model's decision threshold
 * @param inputs the inputs' names, in the order read
 * @param read rows read (scored + rejected)
 * @param scored rows scored, one Parquet row each
 * @param rejected rows rejected
 * @param spam rows predicted spam
 * @param parts the Parquet parts' keys, in order
 * @param rejectsKey the key of the rejects (JSON Lines: file, row, field, reason), or empty when
 *     there were none
 * @param seconds wall time of the run
 */
public record ScoreReport(
    String runId,
    String day,
    String scoredAt,
    String modelName,
    String modelVersion,
    double threshold,
    List<String> inputs,
    long read,
    long scored,
    long rejected,
    long spam,
    List<String> parts,
    String rejectsKey,
    double seconds) {

  /** Copies the lists. */
  public ScoreReport {
    inputs = List.copyOf(inputs);
    parts = List.copyOf(parts);
  }

  /**
   * Rows scored per second of wall time.
   *
   * @return the throughput, 0 for an instant run
   */
  public double messagesPerSecond() {
    return seconds > 0 ? scored / seconds : 0;
  }
}
