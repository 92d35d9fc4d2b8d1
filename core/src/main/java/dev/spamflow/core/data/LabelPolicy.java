package dev.spamflow.core.data;

/**
 * Whether a reader insists on a label per row. Training and ingest need one ({@link #REQUIRED});
 * batch scoring reads the same formats with the label left out ({@link #OPTIONAL}).
 */
public enum LabelPolicy {
  /** A row without a valid label is a {@link ReadResult.Rejected}. */
  REQUIRED,
  /**
   * A row without a label is a {@link ReadResult.Unlabelled}; a label that is present must still be
   * valid, so a typo never passes as text. Per format: an SMS TSV line without a TAB, or with an
   * empty label column, is all text; a CSV header needs only a {@code text} column, and an empty
   * label field means none; a JSON line may omit {@code label} or set it to {@code null}.
   */
  OPTIONAL
}
