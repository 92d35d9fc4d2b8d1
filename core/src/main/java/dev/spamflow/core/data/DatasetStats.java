package dev.spamflow.core.data;

/**
 * Counts from loading a dataset. {@code read = accepted + rejected + duplicates}.
 *
 * @param read records read (blank lines and CSV headers are not records)
 * @param accepted distinct messages kept
 * @param rejected records rejected (all of them, also those beyond the kept rejects)
 * @param duplicates valid records dropped because an earlier one had the same dedup key
 * @param conflicts those duplicates whose label differed from the kept one (a subset of
 *     duplicates): a sign of label noise worth reporting
 */
public record DatasetStats(
    long read, long accepted, long rejected, long duplicates, long conflicts) {}
