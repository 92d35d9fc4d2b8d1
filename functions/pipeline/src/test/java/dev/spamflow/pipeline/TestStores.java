package dev.spamflow.pipeline;

import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.core.port.ObjectInfo;
import dev.spamflow.core.port.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The embedded store in a test folder, and helpers to upload and compare its contents. */
public final class TestStores {

  /** The bucket name put in events. */
  public static final String BUCKET = "spamflow";

  private TestStores() {}

  /** Opens an embedded store under {@code dir}. */
  public static FileSystemObjectStore open(Path dir) {
    return new FileSystemObjectStore(dir.resolve("store"));
  }

  /** Uploads a local file under {@code key} and returns the event its creation sends. */
  public static ObjectCreated upload(ObjectStore store, String key, Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      ObjectInfo info = store.put(key, in, Files.size(file), "text/plain", Map.of());
      return new ObjectCreated(BUCKET, key, info.etag(), info.size());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Uploads bytes under {@code key} and returns the event its creation sends. */
  public static ObjectCreated upload(ObjectStore store, String key, byte[] content) {
    ObjectInfo info = store.put(key, content, "text/plain");
    return new ObjectCreated(BUCKET, key, info.etag(), info.size());
  }

  /** Every object's key with its ETag and modification time: equal snapshots, unchanged store. */
  public static Map<String, String> snapshot(ObjectStore store) {
    Map<String, String> all = new LinkedHashMap<>();
    for (ObjectInfo info : store.list("")) {
      all.put(info.key(), info.etag() + "@" + info.lastModified());
    }
    return all;
  }

  /** Copies an object into a file under {@code dir} and returns the file. */
  public static Path download(ObjectStore store, String key, Path dir) {
    Path file = dir.resolve(key.replace('/', '_'));
    try (InputStream in = store.get(key)) {
      Files.copy(in, file);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
