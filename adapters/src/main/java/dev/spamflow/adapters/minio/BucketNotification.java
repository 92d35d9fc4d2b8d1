package dev.spamflow.adapters.minio;

import java.util.List;
import java.util.Objects;

/**
 * One webhook notification rule of a bucket: events on keys with a prefix and suffix go to the
 * MinIO webhook target {@code targetId} (configured on the server through {@code
 * MINIO_NOTIFY_WEBHOOK_ENABLE_<ID>}, {@code …_ENDPOINT_<ID>}, {@code …_AUTH_TOKEN_<ID>}).
 *
 * @param targetId the webhook target's id, {@code <ID>} above
 * @param events S3 event names, e.g. {@code s3:ObjectCreated:*}
 * @param prefix key prefix to match, {@code ""} for any
 * @param suffix key suffix to match, {@code ""} for any
 */
public record BucketNotification(
    String targetId, List<String> events, String prefix, String suffix) {
  /** Validates and copies the arguments. */
  public BucketNotification {
    Objects.requireNonNull(targetId, "targetId");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(suffix, "suffix");
    events = List.copyOf(events);
    if (events.isEmpty()) {
      throw new IllegalArgumentException("a notification needs at least one event");
    }
  }

  /** The ARN MinIO gives a webhook target. */
  public String arn() {
    return "arn:minio:sqs::" + targetId + ":webhook";
  }
}
