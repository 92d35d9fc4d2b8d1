package dev.spamflow.pipeline;

import dev.spamflow.core.port.ObjectInfo;
import dev.spamflow.core.port.ObjectStore;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Passes every call to a store and remembers the keys written, in order. */
public final class RecordingStore implements ObjectStore {

  private final ObjectStore delegate;
  private final List<String> written = new ArrayList<>();

  /** Wraps {@code delegate}. */
  public RecordingStore(ObjectStore delegate) {
    this.delegate = delegate;
  }

  /** The keys stored so far, in the order they were stored. */
  public synchronized List<String> written() {
    return List.copyOf(written);
  }

  @Override
  public ObjectInfo put(
      String key, InputStream content, long length, String contentType, Map<String, String> meta) {
    ObjectInfo info = delegate.put(key, content, length, contentType, meta);
    record(key);
    return info;
  }

  @Override
  public Optional<ObjectInfo> putIfAbsent(
      String key, InputStream content, long length, String contentType, Map<String, String> meta) {
    Optional<ObjectInfo> info = delegate.putIfAbsent(key, content, length, contentType, meta);
    info.ifPresent(i -> record(key));
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

  private synchronized void record(String key) {
    written.add(key);
  }
}
