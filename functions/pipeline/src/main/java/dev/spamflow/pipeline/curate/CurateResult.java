package dev.spamflow.pipeline.curate;

import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.LabelCounts;
import java.util.Objects;

/**
 * What one curate call did.
 *
 * @param status the outcome
 * @param dataset the dataset asked for
 * @param train messages per label in the training part (zero unless curated)
 * @param validation messages per label in the validation part (zero unless curated)
 * @param test messages per label in the test part (zero unless curated)
 * @param detail why nothing was curated, or {@code ""}
 */
public record CurateResult(
    Status status,
    DatasetRef dataset,
    LabelCounts train,
    LabelCounts validation,
    LabelCounts test,
    String detail) {

  /** How a curate call ended. */
  public enum Status {
    /** New curated parts were written. */
    CURATED,
    /** The dataset was curated before (a redelivered event); nothing changed. */
    ALREADY_CURATED,
    /** There is no raw manifest for the dataset; nothing to do. */
    RAW_MISSING,
    /**
     * The dataset cannot be trained on (one class, too few rows, nothing valid); nothing written.
     */
    NOT_CURATABLE
  }

  private static final LabelCounts NONE = new LabelCounts(0, 0);

  /** Checks for nulls. */
  public CurateResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(validation, "validation");
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(detail, "detail");
  }

  static CurateResult nothing(Status status, DatasetRef dataset, String detail) {
    return new CurateResult(status, dataset, NONE, NONE, NONE, detail);
  }
}
