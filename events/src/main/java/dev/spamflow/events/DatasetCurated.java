package dev.spamflow.events;

import java.util.Objects;

/**
 * Data of {@value EventTypes#DATASET_CURATED}: a raw dataset was cleaned, featurised and split
 * under {@code curated/<datasetId>/}; the trainer starts from here and drift detection later
 * compares against the reference statistics.
 *
 * @param datasetId the dataset id (the same as the raw dataset's)
 * @param bucket bucket holding every key below
 * @param prefix where the curated dataset lives, e.g. {@code curated/<datasetId>/}
 * @param manifestKey the curated dataset's manifest
 * @param referenceKey the reference statistics drift detection compares with
 * @param contentHash hash of the curated content, so a trainer can skip data it has seen
 * @param counts messages per split
 */
public record DatasetCurated(
    String datasetId,
    String bucket,
    String prefix,
    String manifestKey,
    String referenceKey,
    String contentHash,
    SplitCounts counts)
    implements SpamflowEventData {
  /**
   * Validates the fields.
   *
   * @throws NullPointerException or IllegalArgumentException naming a missing or blank field
   */
  public DatasetCurated {
    Checks.text(datasetId, "datasetId");
    Checks.text(bucket, "bucket");
    Checks.text(prefix, "prefix");
    Checks.text(manifestKey, "manifestKey");
    Checks.text(referenceKey, "referenceKey");
    Checks.text(contentHash, "contentHash");
    Objects.requireNonNull(counts, "counts is required");
  }

  @Override
  public EventType eventType() {
    return EventType.DATASET_CURATED;
  }

  @Override
  public String subject() {
    return datasetId;
  }
}
