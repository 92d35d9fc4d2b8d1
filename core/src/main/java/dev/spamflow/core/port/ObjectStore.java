package dev.spamflow.core.port;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A flat store of objects addressed by key in one bucket, with S3 semantics.
 *
 * <p>Keys follow {@link ObjectKeys#requireValidKey}; every method throws {@link
 * IllegalArgumentException} for an invalid key, prefix or metadata before touching the store.
 * Writes are atomic: a reader sees the previous object, or the new one complete, never a part.
 * Failures of the store itself (unreachable after the adapter's retries, refused, disk error) are
 * {@link ObjectStoreException}s whose message names the operation and key. Implementations are safe
 * for concurrent use.
 *
 * <p>Stores backed by a file system cannot hold both {@code a/b} and {@code a/b/c}; they reject the
 * second put with an {@link ObjectStoreException}. Portable callers never use a key as a folder of
 * another key.
 */
public interface ObjectStore {
  /** Length argument for content whose size is not known in advance. */
  long UNKNOWN_LENGTH = -1;

  /** Content type stored when none is given. */
  String DEFAULT_CONTENT_TYPE = "application/octet-stream";

  /**
   * Stores {@code content} under {@code key}, replacing any object there.
   *
   * @param key where to store, see {@link ObjectKeys#requireValidKey}
   * @param content read to its end; not closed
   * @param length the exact number of bytes, or {@link #UNKNOWN_LENGTH}
   * @param contentType a media type, or {@code null} for {@link #DEFAULT_CONTENT_TYPE}
   * @param metadata user metadata, see {@link ObjectKeys#requireValidMetadata}
   * @return what is stored now
   * @throws ObjectStoreException if the store fails; no partial object is then visible
   * @throws IllegalArgumentException for an invalid key or metadata, or content whose length
   *     differs from a known {@code length}
   */
  ObjectInfo put(
      String key,
      InputStream content,
      long length,
      String contentType,
      Map<String, String> metadata);

  /**
   * Stores {@code content} under {@code key} only if no object is there yet: the conditional create
   * a stage uses to stay idempotent when an event is delivered twice. Of two concurrent calls for
   * the same key, at most one stores.
   *
   * @return what was stored, or empty if an object already existed (the store is unchanged)
   * @throws ObjectStoreException if the store fails
   * @throws IllegalArgumentException as {@link #put}
   */
  Optional<ObjectInfo> putIfAbsent(
      String key,
      InputStream content,
      long length,
      String contentType,
      Map<String, String> metadata);

  /**
   * Opens the object stored under {@code key}; the caller closes the stream.
   *
   * @throws ObjectNotFoundException if there is no object under {@code key}
   * @throws ObjectStoreException if the store fails
   */
  InputStream get(String key);

  /**
   * Returns what is known about the object under {@code key}, or empty if there is none.
   *
   * @throws ObjectStoreException if the store fails
   */
  Optional<ObjectInfo> stat(String key);

  /**
   * Lists every object whose key starts with {@code prefix} (plain string prefix, all depths), in
   * ascending key order. {@code ""} lists the whole store.
   *
   * @throws ObjectStoreException if the store fails
   */
  List<ObjectInfo> list(String prefix);

  /**
   * Removes the object under {@code key}; does nothing if there is none.
   *
   * @throws ObjectStoreException if the store fails
   */
  void delete(String key);

  /** Stores {@code content} under {@code key} with no metadata, as {@link #put}. */
  default ObjectInfo put(String key, byte[] content, String contentType) {
    return put(key, new ByteArrayInputStream(content), content.length, contentType, Map.of());
  }

  /** Reads the whole object under {@code key} into memory, as {@link #get}. */
  default byte[] getBytes(String key) {
    try (InputStream in = get(key)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new ObjectStoreException("reading object '" + key + "' failed", e);
    }
  }
}
