package dev.spamflow.cli.local;

import dev.spamflow.core.port.ObjectInfo;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.devtools.broker.InProcessBroker;
import io.cloudevents.CloudEvent;
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
  private final InProcessBroker publisher;

  NotifyingObjectStore(ObjectStore delegate, String bucket, InProcessBroker publisher) {
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
    CrashPoint.beforePut(key);
    ObjectInfo info = delegate.put(key, content, length, contentType, metadata);
    notify(info);
    return info;
  }

  @Override
  public Optional<ObjectInfo> putIfAbsent(
      String key,
      InputStream content,
      long length,
      String contentType,
      Map<String, String> metadata) {
    CrashPoint.beforePut(key);
    // A conditional create that lost changed nothing, so S3 would not notify either.
    Optional<ObjectInfo> info = delegate.putIfAbsent(key, content, length, contentType, metadata);
    info.ifPresent(this::notify);
    return info;
  }

  /**
   * Publishes the object's event if a Trigger routes it. MinIO notifies only for the prefixes its
   * bucket notification names, and a stage's worker threads write keys no Trigger takes (train's
   * attempt marker, say): publishing those from a worker would wait on the delivery that waits for
   * the worker.
   */
  private void notify(ObjectInfo info) {
    CloudEvent event = S3Events.objectCreated(bucket, info);
    if (publisher.routes(event)) {
      publisher.publish(event);
    }
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
