package dev.spamflow.core.data;

/**
 * Bounds that keep a reader's memory constant whatever the input.
 *
 * @param maxRowBytes the largest record, in bytes without its line terminator, that is read; a
 *     longer record is skipped without being buffered and becomes a reject
 */
public record ReaderLimits(int maxRowBytes) {

  /** One MiB per row: far above any real SMS or e-mail body (the longest e-mail is ~42 KB). */
  public static final ReaderLimits DEFAULT = new ReaderLimits(1 << 20);

  /** Checks that the limit is positive and leaves room for the line terminator. */
  public ReaderLimits {
    if (maxRowBytes < 1 || maxRowBytes > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(
          "maxRowBytes must be in 1..2^31-17 but was " + maxRowBytes);
    }
  }
}
