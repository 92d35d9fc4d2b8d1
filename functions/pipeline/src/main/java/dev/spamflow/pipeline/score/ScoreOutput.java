package dev.spamflow.pipeline.score;

import dev.spamflow.core.port.ObjectInfo;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.pipeline.StagedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Where a scoring run's files go, by key ({@code scores/date=…/part-….parquet}): an object store
 * (MinIO in the cluster, the embedded store of a local run), or a plain directory on disk so that
 * {@code spamflow score --out DIR} leaves {@code DIR/scores/…} for any Parquet reader.
 */
public interface ScoreOutput {

  /**
   * Stores a finished local file under a key, replacing what was there; readers never see a part.
   *
   * @param key the key
   * @param file the local file (left in place)
   * @param contentType its media type
   * @param rows how many rows it holds
   */
  void put(String key, Path file, String contentType, long rows);

  /**
   * Lists the keys that start with a prefix.
   *
   * @param prefix the prefix
   * @return the keys, in no particular order
   */
  List<String> keys(String prefix);

  /**
   * Removes a key if it is there.
   *
   * @param key the key
   */
  void delete(String key);

  /**
   * Writes into an object store.
   *
   * @param store the store
   * @return the output
   */
  static ScoreOutput of(ObjectStore store) {
    Objects.requireNonNull(store, "store");
    return new ScoreOutput() {
      @Override
      public void put(String key, Path file, String contentType, long rows) {
        StagedFiles.upload(store, key, file, contentType, rows);
      }

      @Override
      public List<String> keys(String prefix) {
        return store.list(prefix).stream().map(ObjectInfo::key).toList();
      }

      @Override
      public void delete(String key) {
        if (store.stat(key).isPresent()) {
          store.delete(key);
        }
      }

      @Override
      public String toString() {
        return store.toString();
      }
    };
  }

  /**
   * Writes files below a directory: key {@code a/b.parquet} is {@code root/a/b.parquet}, copied
   * beside its place and moved in atomically.
   *
   * @param root the directory (created if missing)
   * @return the output
   */
  static ScoreOutput directory(Path root) {
    Objects.requireNonNull(root, "root");
    return new ScoreOutput() {
      @Override
      public void put(String key, Path file, String contentType, long rows) {
        Path target = root.resolve(key);
        try {
          Files.createDirectories(target.getParent());
          Path staged = Files.createTempFile(target.getParent(), ".", ".partial");
          Files.copy(file, staged, StandardCopyOption.REPLACE_EXISTING);
          try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
          } catch (AtomicMoveNotSupportedException e) {
            Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING);
          }
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
      }

      @Override
      public List<String> keys(String prefix) {
        Path start = root.resolve(prefix).getParent();
        if (start == null || !Files.isDirectory(start)) {
          return List.of();
        }
        try (Stream<Path> files = Files.walk(start)) {
          return files
              .filter(Files::isRegularFile)
              .map(p -> root.relativize(p).toString().replace('\\', '/'))
              .filter(k -> k.startsWith(prefix))
              .toList();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot list " + start + ": " + e.getMessage(), e);
        }
      }

      @Override
      public void delete(String key) {
        try {
          Files.deleteIfExists(root.resolve(key));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot delete " + root.resolve(key), e);
        }
      }

      @Override
      public String toString() {
        return root.toString();
      }
    };
  }
}
