package dev.spamflow.events;

/**
 * Row counts of an ingested file; every row read is accepted, rejected or a duplicate.
 *
 * @param read rows read from the source file
 * @param accepted valid, first-seen rows written to the raw dataset
 * @param rejected rows refused with a reason (listed in the rejects file)
 * @param duplicates valid rows dropped because an equal message was seen before
 */
public record DatasetCounts(long read, long accepted, long rejected, long duplicates) {
  /**
   * Validates the counts.
   *
   * @throws IllegalArgumentException if a count is negative or {@code read != accepted + rejected +
   *     duplicates}
   */
  public DatasetCounts {
    Checks.count(read, "read");
    Checks.count(accepted, "accepted");
    Checks.count(rejected, "rejected");
    Checks.count(duplicates, "duplicates");
    if (read != accepted + rejected + duplicates) {
      throw new IllegalArgumentException(
          "read ("
              + read
              + ") must equal accepted + rejected + duplicates ("
              + (accepted + rejected + duplicates)
              + ")");
    }
  }
}
