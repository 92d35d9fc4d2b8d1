package dev.spamflow.pipeline;

import dev.spamflow.core.port.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * A private temporary folder for one stage call: files are written here first (Parquet needs a
 * seekable file), then streamed into the store, so memory does not grow with the data.
 */
public final class StagedFiles implements AutoCloseable {

  private final Path folder;

  private StagedFiles(Path folder) {
    this.folder = folder;
  }

  /**
   * Creates a fresh folder.
   *
   * @param parent where to create it
   * @param prefix the start of its name
   * @return the folder; close it to delete it
   * @throws UncheckedIOException if it cannot be created
   */
  public static StagedFiles create(Path parent, String prefix) {
    try {
      Files.createDirectories(parent);
      return new StagedFiles(Files.createTempDirectory(parent, prefix));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary folder in " + parent, e);
    }
  }

  /**
   * Returns a path inside the folder.
   *
   * @param name a file name
   * @return the path (the file may not exist yet)
   */
  public Path file(String name) {
    return folder.resolve(name);
  }

  /**
   * Streams a local file into the store, hashing it on the way.
   *
   * @param store the store
   * @param key the object key
   * @param file the local file
   * @param contentType the media type
   * @param rows how many rows the file holds, recorded in the entry
   * @return what the manifest records of it
   * @throws UncheckedIOException naming the key if the local file cannot be read
   * @throws dev.spamflow.core.port.ObjectStoreException if the store fails
   */
  public static FileEntry upload(
      ObjectStore store, String key, Path file, String contentType, long rows) {
    MessageDigest sha = Hashes.sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
      long size = Files.size(file);
      store.put(key, in, size, contentType, Map.of());
      return new FileEntry(key, size, Hashes.hex(sha.digest()), rows);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot upload " + file + " to '" + key + "'", e);
    }
  }

  /**
   * Copies an object into a local file, hashing it on the way.
   *
   * @param store the store
   * @param key the object key
   * @param file where to put it
   * @return the SHA-256 of the bytes, hex
   * @throws dev.spamflow.core.port.ObjectNotFoundException if there is no such object
   * @throws UncheckedIOException naming the key if the copy fails
   */
  public static String download(ObjectStore store, String key, Path file) {
    MessageDigest sha = Hashes.sha256();
    try (InputStream in = new DigestInputStream(store.get(key), sha)) {
      Files.copy(in, file);
      return Hashes.hex(sha.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy '" + key + "' to " + file, e);
    }
  }

  /** Deletes the folder and everything in it; a file that will not go is left for the OS. */
  @Override
  public void close() {
    try {
      Files.walkFileTree(
          folder,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc)
                throws IOException {
              Files.deleteIfExists(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      // Cleaning a temp folder must not hide the stage's own outcome; the OS reclaims tmp.
      LoggerFactory.getLogger(StagedFiles.class)
          .warn("cannot delete temporary folder {}: {}", folder, e.toString());
    }
  }
}
