package dev.spamflow.core.port;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What an {@link ObjectStore} knows about one stored object.
 *
 * @param key the object's key, as given to {@link ObjectStore#put}
 * @param size the content length in bytes
 * @param etag an opaque tag that changes whenever the content changes; two puts of equal content
 *     through the same adapter give equal tags (used with bucket and key as an idempotency key)
 * @param lastModified when the current content was written
 * @param contentType the media type given at put time, {@code application/octet-stream} if none
 * @param metadata the user metadata given at put time (lower-case names)
 */
public record ObjectInfo(
    String key,
    long size,
    String etag,
    Instant lastModified,
    String contentType,
    Map<String, String> metadata) {

  /** Validates and copies the arguments. */
  public ObjectInfo {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(etag, "etag");
    Objects.requireNonNull(lastModified, "lastModified");
    Objects.requireNonNull(contentType, "contentType");
    metadata = Map.copyOf(metadata);
  }
}
