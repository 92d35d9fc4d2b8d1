package dev.spamflow.adapters.fs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamflow.core.port.ObjectInfo;
import dev.spamflow.core.port.ObjectKeys;
import dev.spamflow.core.port.ObjectNotFoundException;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.core.port.ObjectStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An {@link ObjectStore} in a directory: the object under key {@code k} is the file {@code
 * objects/k}, so a local run's data can be browsed with any file tool; its content type, metadata
 * and etag sit in {@code meta/k}.
 *
 * <p>Content is first written to a temporary file (hashing it on the way), then renamed into place
 * while holding a lock on the directory, so readers never see a partial object and two processes
 * sharing the directory keep data and metadata consistent. The etag is the content's MD5, as S3's
 * is for a single-part upload.
 */
public final class FileSystemObjectStore implements ObjectStore {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path objects;
  private final Path meta;
  private final Path incoming;
  private final DirectoryLock lock;

  /** Stored next to each object: what the object file alone cannot say. */
  record Meta(
      String contentType, Map<String, String> metadata, String etag, long lastModifiedMillis) {}

  /**
   * Opens (creating if needed) a store rooted at {@code root}.
   *
   * @throws ObjectStoreException if the directory cannot be created
   */
  public FileSystemObjectStore(Path root) {
    Path absolute = root.toAbsolutePath().normalize();
    this.objects = absolute.resolve("objects");
    this.meta = absolute.resolve("meta");
    this.incoming = absolute.resolve("incoming");
    try {
      Files.createDirectories(objects);
      Files.createDirectories(meta);
      Files.createDirectories(incoming);
      this.lock = new DirectoryLock(absolute.resolve("store.lock"));
    } catch (IOException e) {
      throw new ObjectStoreException("cannot create object store directory " + absolute, e);
    }
  }

  /** Opens the store that {@code config} names. */
  public static FileSystemObjectStore create(FileSystemConfig config) {
    return new FileSystemObjectStore(config.storeDirectory());
  }

  @Override
  public ObjectInfo put(
      String key,
      InputStream content,
      long length,
      String contentType,
      Map<String, String> metadata) {
    return write(key, content, length, contentType, metadata, false).orElseThrow();
  }

  @Override
  public Optional<ObjectInfo> putIfAbsent(
      String key,
      InputStream content,
      long length,
      String contentType,
      Map<String, String> metadata) {
    return write(key, content, length, contentType, metadata, true);
  }

  private Optional<ObjectInfo> write(
      String key,
      InputStream content,
      long length,
      String contentType,
      Map<String, String> metadata,
      boolean onlyIfAbsent) {
    Path target = objectPath(key);
    ObjectKeys.requireValidMetadata(metadata);
    String type = contentType == null ? DEFAULT_CONTENT_TYPE : contentType;
    Path temp = incoming.resolve(".tmp-" + UUID.randomUUID());
    try {
      MessageDigest md5 = md5();
      long size;
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), md5)) {
        size = content.transferTo(out);
      }
      if (length != UNKNOWN_LENGTH && size != length) {
        throw new IllegalArgumentException(
            "content of '" + key + "' has " + size + " bytes, not the " + length + " announced");
      }
      String etag = HexFormat.of().formatHex(md5.digest());
      return lock.call(
          () -> {
            if (onlyIfAbsent && Files.isRegularFile(target)) {
              return Optional.empty();
            }
            Meta stored = new Meta(type, Map.copyOf(metadata), etag, System.currentTimeMillis());
            Path metaFile = metaPath(key);
            createParents(key, target);
            createParents(key, metaFile);
            if (Files.isDirectory(target)) {
              throw conflict(key);
            }
            AtomicFiles.move(temp, target);
            AtomicFiles.write(metaFile, JSON.writeValueAsBytes(stored));
            return Optional.of(info(key, size, stored));
          });
    } catch (IOException e) {
      throw new ObjectStoreException("put of '" + key + "' failed: " + e.getMessage(), e);
    } finally {
      deleteQuietly(temp);
    }
  }

  @Override
  public InputStream get(String key) {
    Path file = objectPath(key);
    try {
      // Opening a renamed-into-place file needs no lock: the open handle keeps that version.
      return Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new ObjectNotFoundException(key);
    } catch (IOException e) {
      if (Files.isDirectory(file)) {
        throw new ObjectNotFoundException(key);
      }
      throw new ObjectStoreException("get of '" + key + "' failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    Path file = objectPath(key);
    try {
      return lock.call(() -> readInfo(key, file));
    } catch (IOException e) {
      throw new ObjectStoreException("stat of '" + key + "' failed: " + e.getMessage(), e);
    }
  }

  @Override
  public List<ObjectInfo> list(String prefix) {
    ObjectKeys.requireValidPrefix(prefix);
    // Walk only the deepest folder the prefix names completely, not the whole store.
    int slash = prefix.lastIndexOf('/');
    Path start = slash < 0 ? objects : objects.resolve(prefix.substring(0, slash));
    try {
      return lock.call(
          () -> {
            if (!Files.isDirectory(start)) {
              return List.of();
            }
            List<ObjectInfo> result = new ArrayList<>();
            try (Stream<Path> files = Files.walk(start)) {
              for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String key = objects.relativize(file).toString().replace('\\', '/');
                if (key.startsWith(prefix) && !isTemporary(file)) {
                  readInfo(key, file).ifPresent(result::add);
                }
              }
            }
            result.sort((a, b) -> a.key().compareTo(b.key()));
            return result;
          });
    } catch (IOException e) {
      throw new ObjectStoreException("list of '" + prefix + "' failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void delete(String key) {
    Path file = objectPath(key);
    try {
      lock.call(
          () -> {
            if (Files.isRegularFile(file)) {
              Files.delete(file);
            }
            Files.deleteIfExists(metaPath(key));
            pruneEmptyParents(file, objects);
            pruneEmptyParents(metaPath(key), meta);
            return null;
          });
    } catch (IOException e) {
      throw new ObjectStoreException("delete of '" + key + "' failed: " + e.getMessage(), e);
    }
  }

  private Optional<ObjectInfo> readInfo(String key, Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Path metaFile = metaPath(key);
    if (!Files.isRegularFile(metaFile)) {
      // Only a file copied in by hand has no metadata; describe it as S3 would a plain upload.
      Meta plain =
          new Meta(
              DEFAULT_CONTENT_TYPE,
              Map.of(),
              "size-" + Files.size(file) + "-mtime-" + Files.getLastModifiedTime(file).toMillis(),
              Files.getLastModifiedTime(file).toMillis());
      return Optional.of(info(key, Files.size(file), plain));
    }
    Meta stored = JSON.readValue(metaFile.toFile(), Meta.class);
    return Optional.of(info(key, Files.size(file), stored));
  }

  private static ObjectInfo info(String key, long size, Meta stored) {
    return new ObjectInfo(
        key,
        size,
        stored.etag(),
        Instant.ofEpochMilli(stored.lastModifiedMillis()),
        stored.contentType(),
        stored.metadata());
  }

  /**
   * Returns the file that holds, or would hold, an object's content: for pointing a person at a
   * stored report. Reading or writing it directly bypasses the store's locking and metadata.
   *
   * @param key the object's key
   * @return the file's absolute path
   * @throws IllegalArgumentException if the key is not a valid object key
   */
  public Path file(String key) {
    return objectPath(key);
  }

  private Path objectPath(String key) {
    return resolveInside(objects, ObjectKeys.requireValidKey(key));
  }

  private Path metaPath(String key) {
    return resolveInside(meta, key);
  }

  private static Path resolveInside(Path root, String key) {
    Path path = root.resolve(key).normalize();
    // The key rules already forbid escaping; this guards against a rule being weakened later.
    if (!path.startsWith(root) || path.equals(root)) {
      throw new IllegalArgumentException("object key escapes the store: " + key);
    }
    return path;
  }

  private static void createParents(String key, Path file) throws IOException {
    try {
      Files.createDirectories(file.getParent());
    } catch (FileAlreadyExistsException | NotDirectoryException e) {
      throw conflict(key);
    }
  }

  private static IOException conflict(String key) {
    return new IOException(
        "key '"
            + key
            + "' and another key use the same name as object and as folder, which a file system"
            + " cannot hold");
  }

  private static void pruneEmptyParents(Path file, Path root) throws IOException {
    for (Path dir = file.getParent(); dir != null && !dir.equals(root); dir = dir.getParent()) {
      try {
        Files.deleteIfExists(dir);
      } catch (DirectoryNotEmptyException e) {
        return;
      }
    }
  }

  private static boolean isTemporary(Path file) {
    return file.getFileName().toString().startsWith(".tmp-");
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A leftover temporary file is harmless: it is never listed and the next run may remove it.
    }
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
  }
}
