package dev.spamflow.events;

import java.util.Objects;

/**
 * Data of {@value EventTypes#DATASET_INGESTED}: an uploaded file was read, validated and
 * deduplicated into {@code raw/<datasetId>/}. The source key and etag let a consumer recognise a
 * redelivery; the dataset id is a content hash, so a re-upload yields the same id.
 *
 * @param datasetId content-derived dataset id
 * @param bucket bucket holding every key below
 * @param sourceKey the uploaded object, e.g. {@code inbox/sms.tsv}
 * @param sourceEtag the uploaded object's etag when it was read
 * @param prefix where the raw dataset lives, e.g. {@code raw/<datasetId>/}
 * @param manifestKey the dataset's {@code manifest.json}, written last
 * @param rejectsKey the file listing rejected rows with row number and reason
 * @param counts row counts
 */
public record DatasetIngested(
    String datasetId,
    String bucket,
    String sourceKey,
    String sourceEtag,
    String prefix,
    String manifestKey,
    String rejectsKey,
    DatasetCounts counts)
    implements SpamflowEventData {
  /**
   * Validates the fields.
   *
   * @throws NullPointerException or IllegalArgumentException naming a missing or blank field
   */
  public DatasetIngested {
    Checks.text(datasetId, "datasetId");
    Checks.text(bucket, "bucket");
    Checks.text(sourceKey, "sourceKey");
    Checks.text(sourceEtag, "sourceEtag");
    Checks.text(prefix, "prefix");
    Checks.text(manifestKey, "manifestKey");
    Checks.text(rejectsKey, "rejectsKey");
    Objects.requireNonNull(counts, "counts is required");
  }

  @Override
  public EventType eventType() {
    return EventType.DATASET_INGESTED;
  }

  @Override
  public String subject() {
    return datasetId;
  }
}
