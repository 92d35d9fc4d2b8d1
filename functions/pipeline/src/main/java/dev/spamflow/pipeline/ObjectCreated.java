package dev.spamflow.pipeline;

import java.util.Objects;

/**
 * An object was created or replaced in the store: what the ingest stage is told. It carries only
 * what the S3 notification record says, so it maps one to one onto the events module's S3 record.
 *
 * @param bucket the bucket, recorded in the manifest
 * @param key the object key, URL-decoded
 * @param etag the ETag the notification gave, or {@code ""} when it gave none
 * @param size the size the notification gave in bytes, or -1 when unknown
 */
public record ObjectCreated(String bucket, String key, String etag, long size) {

  /** Checks for nulls. */
  public ObjectCreated {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(etag, "etag");
  }
}
