package dev.spamflow.cli.local;

import dev.spamflow.core.port.EventPublisher;
import dev.spamflow.core.port.ObjectInfo;
import dev.spamflow.core.port.ObjectStore;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An object store that publishes an S3 {@code ObjectCreated:Put} event after every object it
 * writes: the local stand-in for MinIO's bucket notifications, which the embedded store does not
 * have. The broker's Triggers decide which of these events reach a stage (uploads under {@code
 * inbox/}, {@code raw/<id>/manifest.json}); the others are dropped as on the cluster.
 */
final class NotifyingObjectStore implements ObjectStore {
  private final ObjectStore delegate;
  private final String bucket;
  private final EventPublisher publisher;

  NotifyingObjectStore(ObjectStore delegate, String bucket, EventPublisher publisher) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.bucket = Objects.requireNonNull(bucket, "bucket");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
  }

  @Override
  public ObjectInfo put(
      String key,
      InputStream content,
      long length,
      String contentType,
      Map<String, String> metadata) {
    ObjectInfo info = delegate.put(key, content, length, contentType, metadata);
    publisher.publish(S3Events.objectCreated(bucket, info));
    return info;
  }

  @Override
  public Optional<ObjectInfo> putIfAbsent(
      String key,
      InputStream content,
      long length,
      String contentType,
      Map<String, String> metadata) {
    // A conditional create that lost changed nothing, so S3 would not notify either.
    Optional<ObjectInfo> info = delegate.putIfAbsent(key, content, length, contentType, metadata);
    info.ifPresent(created -> publisher.publish(S3Events.objectCreated(bucket, created)));
    return info;
  }

  @Override
  public InputStream get(String key) {
    return delegate.get(key);
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    return delegate.stat(key);
  }

  @Override
  public List<ObjectInfo> list(String prefix) {
    return delegate.list(prefix);
  }

  @Override
  public void delete(String key) {
    delegate.delete(key);
  }
}
