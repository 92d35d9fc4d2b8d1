package dev.spamflow.pipeline.curate;

import dev.spamflow.core.data.Splitter;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What the curate stage can be told.
 *
 * @param validationFraction the share of each label for validation, in [0, 1)
 * @param testFraction the share of each label for test, in [0, 1)
 * @param seed the split's random seed
 * @param minMessagesPerLabel fewer messages than this in either label and nothing is curated
 * @param topTokens how many of the most frequent tokens the reference statistics list
 * @param tempDirectory where Parquet parts are staged before upload
 * @param tables whether curate appends to the lakehouse's Delta tables (the default; training then
 *     reads the table version the manifest records). Off, the curated manifest names no tables and
 *     training reads the Parquet parts, as before the tables: for measuring what they cost ({@code
 *     scripts/bench-curate})
 */
public record CurateSettings(
    double validationFraction,
    double testFraction,
    long seed,
    int minMessagesPerLabel,
    int topTokens,
    Path tempDirectory,
    boolean tables) {

  /** The seed used unless a deployment says otherwise. */
  public static final long DEFAULT_SEED = 42;

  /**
   * Core's default fractions, seed {@value #DEFAULT_SEED}, at least 10 messages per label (fewer
   * cannot give a test part a meaningful score), 100 top tokens, staging in {@code java.io.tmpdir}.
   */
  public static final CurateSettings DEFAULT =
      new CurateSettings(
          Splitter.DEFAULT_VALIDATION_FRACTION,
          Splitter.DEFAULT_TEST_FRACTION,
          DEFAULT_SEED,
          10,
          100,
          Path.of(System.getProperty("java.io.tmpdir")),
          true);

  /** Checks the values. */
  public CurateSettings {
    if (!(validationFraction >= 0 && testFraction >= 0 && validationFraction + testFraction < 1)) {
      throw new IllegalArgumentException(
          "validationFraction and testFraction must be >= 0 with a sum < 1 but were "
              + validationFraction
              + " and "
              + testFraction);
    }
    if (minMessagesPerLabel < 1) {
      throw new IllegalArgumentException(
          "minMessagesPerLabel must be >= 1 but was " + minMessagesPerLabel);
    }
    if (topTokens < 0) {
      throw new IllegalArgumentException("topTokens must be >= 0 but was " + topTokens);
    }
    Objects.requireNonNull(tempDirectory, "tempDirectory");
  }

  /**
   * Returns these settings staging in another folder.
   *
   * @param folder where parts are staged
   * @return a copy
   */
  public CurateSettings withTempDirectory(Path folder) {
    return new CurateSettings(
        validationFraction, testFraction, seed, minMessagesPerLabel, topTokens, folder, tables);
  }

  /**
   * Returns these settings with the tables on or off.
   *
   * @param on whether curate appends to the Delta tables
   * @return a copy
   */
  public CurateSettings withTables(boolean on) {
    return new CurateSettings(
        validationFraction, testFraction, seed, minMessagesPerLabel, topTokens, tempDirectory, on);
  }
}
