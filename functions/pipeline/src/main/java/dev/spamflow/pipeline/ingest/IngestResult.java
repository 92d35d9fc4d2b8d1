package dev.spamflow.pipeline.ingest;

import dev.spamflow.core.data.DatasetStats;
import dev.spamflow.pipeline.DatasetRef;
import java.util.Objects;
import java.util.Optional;

/**
 * What one ingest call did.
 *
 * @param status the outcome
 * @param sourceKey the upload's key
 * @param dataset the dataset, for {@link Status#INGESTED} and {@link Status#ALREADY_INGESTED}
 * @param counts read = accepted + rejected + duplicates (all zero without a dataset)
 * @param trainable whether a model may be trained on the dataset (both labels present); always
 *     false without a dataset
 * @param detail a sentence for logs and events: why not trainable, why no dataset, or {@code ""}
 */
public record IngestResult(
    Status status,
    String sourceKey,
    Optional<DatasetRef> dataset,
    DatasetStats counts,
    boolean trainable,
    String detail) {

  /** How an ingest call ended. */
  public enum Status {
    /** A new raw dataset was written. */
    INGESTED,
    /**
     * The content was ingested before (a re-upload or a redelivered event): nothing is rewritten
     * but the raw manifest, byte for byte, so that the stages after ingest check their own work.
     */
    ALREADY_INGESTED,
    /** The object is gone (deleted after the event was sent); nothing to do, nothing written. */
    SOURCE_MISSING,
    /** The object is not a dataset at all (its format cannot be told); nothing written. */
    UNREADABLE
  }

  private static final DatasetStats NONE = new DatasetStats(0, 0, 0, 0, 0);

  /** Checks for nulls. */
  public IngestResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(sourceKey, "sourceKey");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(counts, "counts");
    Objects.requireNonNull(detail, "detail");
  }

  static IngestResult withoutDataset(Status status, String sourceKey, String detail) {
    return new IngestResult(status, sourceKey, Optional.empty(), NONE, false, detail);
  }
}
