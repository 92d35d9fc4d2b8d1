package dev.spamflow.lakehouse;

import dev.spamflow.core.port.ObjectInfo;
import dev.spamflow.core.port.ObjectNotFoundException;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.core.port.ObjectStoreException;
import io.delta.kernel.defaults.engine.fileio.FileIO;
import io.delta.kernel.defaults.engine.fileio.InputFile;
import io.delta.kernel.defaults.engine.fileio.OutputFile;
import io.delta.kernel.defaults.engine.fileio.PositionOutputStream;
import io.delta.kernel.defaults.engine.fileio.SeekableInputStream;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Delta Kernel's file access over spamflow's {@link ObjectStore} port, so a table lives in the same
 * store as everything else — a local directory in a development run, the MinIO bucket in the
 * cluster — reached with the same settings and credentials, with no Hadoop file system or S3A
 * client (and none of the AWS SDK that S3A needs).
 *
 * <p>Paths have the form {@value #SCHEME}{@code :/<key>}. What makes a Delta commit safe is that
 * writing {@code _delta_log/<version>.json} fails when the file exists: that is {@link
 * ObjectStore#putIfAbsent}, which the file-system store does under its directory lock and MinIO
 * with a conditional write ({@code If-None-Match: *}). So two writers racing for the same version
 * cannot both win, which S3A alone does not promise.
 *
 * <p>Objects are read whole into memory: the tables' files are one curated dataset's rows each, and
 * curate holds those in memory already. Thread-safe if the store is.
 */
public final class ObjectStoreFileIO implements FileIO {

  /** The URI scheme of paths inside the store. */
  public static final String SCHEME = "objectstore";

  private static final String PREFIX = SCHEME + ":/";

  private final ObjectStore store;

  /**
   * Wraps a store.
   *
   * @param store where the tables' files live
   */
  public ObjectStoreFileIO(ObjectStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * Returns the path Delta Kernel is given for an object key.
   *
   * @param key an object key (a table's folder, without the trailing slash)
   * @return {@code objectstore:/<key>}
   */
  public static String path(String key) {
    return PREFIX + key;
  }

  /**
   * Returns the object key of a path.
   *
   * @param path a path in the form {@link #path} returns (with any number of slashes after the
   *     scheme, as Kernel's own path arithmetic may give)
   * @return the key
   * @throws IllegalArgumentException when the path is not inside the store
   */
  public static String key(String path) {
    if (!path.startsWith(PREFIX)) {
      throw new IllegalArgumentException(
          "path '" + path + "' is not in the object store (expected " + PREFIX + "<key>)");
    }
    int start = PREFIX.length();
    while (start < path.length() && path.charAt(start) == '/') {
      start++;
    }
    return path.substring(start);
  }

  @Override
  public CloseableIterator<FileStatus> listFrom(String filePath) throws IOException {
    String key = key(filePath);
    int slash = key.lastIndexOf('/');
    String folder = slash < 0 ? "" : key.substring(0, slash + 1);
    List<ObjectInfo> objects = call(() -> store.list(folder), "list", folder);
    if (objects.isEmpty()) {
      // Kernel tells "no such table" from this exception (TableNotFoundException).
      throw new FileNotFoundException("no objects under '" + folder + "'");
    }
    // The contract: the entries of the same folder whose names sort at or after the file's, in
    // name order. The store lists every key under the prefix, sorted; keep the direct children.
    List<FileStatus> result =
        objects.stream()
            .filter(o -> o.key().indexOf('/', folder.length()) < 0)
            .filter(o -> o.key().compareTo(key) >= 0)
            .map(ObjectStoreFileIO::status)
            .toList();
    return iterator(result.iterator());
  }

  @Override
  public FileStatus getFileStatus(String path) throws IOException {
    String key = key(path);
    return status(
        call(() -> store.stat(key), "stat", key)
            .orElseThrow(() -> new FileNotFoundException("no object '" + key + "'")));
  }

  @Override
  public String resolvePath(String path) {
    return path(key(path));
  }

  @Override
  public boolean mkdirs(String path) {
    return true; // an object store has no folders to create
  }

  @Override
  public InputFile newInputFile(String path, long fileSize) {
    String key = key(path);
    return new InputFile() {
      @Override
      public long length() throws IOException {
        return fileSize >= 0 ? fileSize : getFileStatus(path).getSize();
      }

      @Override
      public String path() {
        return path;
      }

      @Override
      public SeekableInputStream newStream() throws IOException {
        try {
          return new BytesInputStream(call(() -> store.getBytes(key), "read", key));
        } catch (ObjectNotFoundException e) {
          throw new FileNotFoundException("no object '" + key + "'");
        }
      }
    };
  }

  @Override
  public OutputFile newOutputFile(String path) {
    String key = key(path);
    return new OutputFile() {
      @Override
      public String path() {
        return path;
      }

      @Override
      public PositionOutputStream create(boolean putIfAbsent) {
        return new UploadOnClose(key, putIfAbsent);
      }

      @Override
      public void writeAtomically(CloseableIterator<String> data, boolean overwrite)
          throws IOException {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        try (data) {
          while (data.hasNext()) {
            content.write(data.next().getBytes(StandardCharsets.UTF_8));
            content.write('\n');
          }
        }
        upload(key, content.toByteArray(), !overwrite);
      }
    };
  }

  @Override
  public boolean delete(String path) throws IOException {
    String key = key(path);
    if (call(() -> store.stat(key), "stat", key).isEmpty()) {
      return false;
    }
    call(
        () -> {
          store.delete(key);
          return null;
        },
        "delete",
        key);
    return true;
  }

  @Override
  public Optional<String> getConf(String confKey) {
    return Optional.empty();
  }

  @Override
  public void copyFileAtomically(String srcPath, String destPath, boolean overwrite)
      throws IOException {
    String source = key(srcPath);
    byte[] content;
    try {
      content = call(() -> store.getBytes(source), "read", source);
    } catch (ObjectNotFoundException e) {
      throw new FileNotFoundException("no object '" + source + "'");
    }
    upload(key(destPath), content, !overwrite);
  }

  private void upload(String key, byte[] content, boolean onlyIfAbsent) throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(content);
    if (onlyIfAbsent) {
      if (call(
              () ->
                  store.putIfAbsent(
                      key, in, content.length, ObjectStore.DEFAULT_CONTENT_TYPE, Map.of()),
              "write",
              key)
          .isEmpty()) {
        // Kernel reads this as "another writer committed this version first" and retries.
        throw new FileAlreadyExistsException(path(key));
      }
    } else {
      call(
          () -> store.put(key, in, content.length, ObjectStore.DEFAULT_CONTENT_TYPE, Map.of()),
          "write",
          key);
    }
  }

  private static FileStatus status(ObjectInfo object) {
    return FileStatus.of(path(object.key()), object.size(), object.lastModified().toEpochMilli());
  }

  /** Kernel expects IOExceptions from file access; the port throws unchecked ones. */
  private static <T> T call(StoreCall<T> call, String what, String key) throws IOException {
    try {
      return call.run();
    } catch (ObjectNotFoundException e) {
      throw e;
    } catch (ObjectStoreException e) {
      throw new IOException(what + " of object '" + key + "' failed: " + e.getMessage(), e);
    }
  }

  @FunctionalInterface
  private interface StoreCall<T> {
    T run();
  }

  private static <T> CloseableIterator<T> iterator(Iterator<T> items) {
    return new CloseableIterator<>() {
      @Override
      public boolean hasNext() {
        return items.hasNext();
      }

      @Override
      public T next() {
        return items.next();
      }

      @Override
      public void close() {}
    };
  }

  /** Buffers what Kernel writes and stores it as one object when closed. */
  private final class UploadOnClose extends PositionOutputStream {
    private final String key;
    private final boolean onlyIfAbsent;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private boolean closed;

    UploadOnClose(String key, boolean onlyIfAbsent) {
      this.key = key;
      this.onlyIfAbsent = onlyIfAbsent;
    }

    @Override
    public long getPos() {
      return buffer.size();
    }

    @Override
    public void write(int b) {
      buffer.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      buffer.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      if (!closed) {
        closed = true;
        upload(key, buffer.toByteArray(), onlyIfAbsent);
      }
    }
  }

  /** A whole object in memory, seekable. */
  private static final class BytesInputStream extends SeekableInputStream {
    private final byte[] bytes;
    private int position;

    BytesInputStream(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public int read() {
      return position < bytes.length ? bytes[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      if (position >= bytes.length) {
        return -1;
      }
      int n = Math.min(len, bytes.length - position);
      System.arraycopy(bytes, position, b, off, n);
      position += n;
      return n;
    }

    @Override
    public long getPos() {
      return position;
    }

    @Override
    public void seek(long newPos) throws IOException {
      if (newPos < 0 || newPos > bytes.length) {
        throw new EOFException("seek to " + newPos + " outside an object of " + bytes.length);
      }
      position = (int) newPos;
    }

    @Override
    public void readFully(byte[] b, int off, int len) throws IOException {
      if (read(b, off, len) < len && len > 0) {
        throw new EOFException(
            "wanted " + len + " bytes at " + position + " of an object of " + bytes.length);
      }
    }

    @Override
    public int available() {
      return bytes.length - position;
    }
  }
}
