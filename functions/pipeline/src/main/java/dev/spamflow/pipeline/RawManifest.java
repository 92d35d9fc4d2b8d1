package dev.spamflow.pipeline;

import dev.spamflow.core.data.DatasetStats;
import java.util.List;

/**
 * {@code raw/<id>/manifest.json}: what ingest made of one upload. Written last, with a conditional
 * create, so its presence means the folder is complete.
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param datasetId the dataset id
 * @param source the upload it was made from (the first one, when the same content came again)
 * @param format the format the upload was read as ({@code SMS_TSV}, {@code CSV}, {@code
 *     JSON_LINES})
 * @param counts read = accepted + rejected + duplicates
 * @param labels accepted messages per label
 * @param contentHash {@code ContentHash} of the accepted messages, the same value the CLI and a
 *     bundle's {@code data} record give for them; the dataset id is its prefix
 * @param trainable whether the dataset has both labels; if not, nothing downstream should train
 * @param notTrainableReason why not, or {@code ""}
 * @param schema the columns of {@code messages.parquet}
 * @param messages {@code messages.parquet}
 * @param rejects {@code rejects.jsonl}: one {@code {"row", "field", "reason"}} object per line
 * @param createdAt when ingest wrote it, ISO-8601 UTC
 */
public record RawManifest(
    int formatVersion,
    String datasetId,
    Source source,
    String format,
    DatasetStats counts,
    LabelCounts labels,
    String contentHash,
    boolean trainable,
    String notTrainableReason,
    List<ColumnSpec> schema,
    FileEntry messages,
    FileEntry rejects,
    String createdAt) {

  /** The version of this layout; bump it when a field changes meaning. */
  public static final int FORMAT_VERSION = 1;

  /** Copies the schema list. */
  public RawManifest {
    schema = List.copyOf(schema);
  }

  /**
   * The upload a dataset was made from.
   *
   * @param bucket the bucket
   * @param key the object key under {@code inbox/}
   * @param etag the ETag of the object that was read
   * @param size its size in bytes
   * @param sha256 the SHA-256 of its bytes
   */
  public record Source(String bucket, String key, String etag, long size, String sha256) {}
}
