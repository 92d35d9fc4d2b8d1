package dev.spamflow.inference.log;

import dev.spamflow.core.port.ObjectInfo;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.core.port.ObjectStoreException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link ObjectStore} that passes calls to a real one but can fail the next puts, or hold a put
 * until the test lets it go: the store failures and stalls the log must ride out, made
 * deterministic.
 */
final class ScriptedStore implements ObjectStore {
  private final ObjectStore delegate;
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final List<String> attemptedKeys = new CopyOnWriteArrayList<>();
  private final Semaphore entered = new Semaphore(0);
  private volatile RuntimeException failure = new ObjectStoreException("scripted failure");
  private volatile CountDownLatch gate = new CountDownLatch(0);

  ScriptedStore(ObjectStore delegate) {
    this.delegate = delegate;
  }

  /** The next {@code count} puts throw {@code error}. */
  ScriptedStore failNext(int count, RuntimeException error) {
    failure = error;
    failuresLeft.set(count);
    return this;
  }

  /** Puts wait until {@link #release()}. */
  ScriptedStore hold() {
    gate = new CountDownLatch(1);
    return this;
  }

  /** Lets held and later puts through. */
  void release() {
    gate.countDown();
  }

  /** Waits until a put has started (it may be held). */
  void awaitPut() throws InterruptedException {
    if (!entered.tryAcquire(30, TimeUnit.SECONDS)) {
      throw new AssertionError("no put within 30 s");
    }
  }

  /** Every key a put was tried for, in order, repeats included. */
  List<String> attemptedKeys() {
    return attemptedKeys;
  }

  @Override
  public ObjectInfo put(
      String key,
      InputStream content,
      long length,
      String contentType,
      Map<String, String> metadata) {
    attemptedKeys.add(key);
    entered.release();
    try {
      if (!gate.await(30, TimeUnit.SECONDS)) {
        throw new AssertionError("a held put was never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ObjectStoreException("interrupted", e);
    }
    if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw failure;
    }
    return delegate.put(key, content, length, contentType, metadata);
  }

  @Override
  public Optional<ObjectInfo> putIfAbsent(
      String key,
      InputStream content,
      long length,
      String contentType,
      Map<String, String> metadata) {
    return delegate.putIfAbsent(key, content, length, contentType, metadata);
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
