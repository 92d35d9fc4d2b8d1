package dev.spamflow.events;

/**
 * Messages in each part of a curated dataset's stratified split.
 *
 * @param train messages the model learns from
 * @param validation messages that pick the epoch and the threshold
 * @param test held-out messages the quality gate scores
 */
public record SplitCounts(long train, long validation, long test) {
  /**
   * Validates the counts.
   *
   * @throws IllegalArgumentException if a count is negative
   */
  public SplitCounts {
    Checks.count(train, "train");
    Checks.count(validation, "validation");
    Checks.count(test, "test");
  }
}
