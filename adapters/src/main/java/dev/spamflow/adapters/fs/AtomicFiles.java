package dev.spamflow.adapters.fs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * Writes that readers see whole or not at all: a temporary file in the same folder, then rename.
 */
final class AtomicFiles {
  private AtomicFiles() {}

  /** A temporary file next to where the data will land, so the final rename stays atomic. */
  static Path tempFileIn(Path directory) throws IOException {
    Files.createDirectories(directory);
    return directory.resolve(".tmp-" + UUID.randomUUID());
  }

  static void write(Path target, byte[] content) throws IOException {
    Path temp = tempFileIn(target.getParent());
    try {
      Files.write(temp, content);
      move(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  static void copy(InputStream content, Path target) throws IOException {
    Path temp = tempFileIn(target.getParent());
    try {
      Files.copy(content, temp);
      move(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  static void move(Path source, Path target) throws IOException {
    try {
      Files.move(
          source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(
          "the file system of " + target + " cannot rename atomically; use a local disk", e);
    }
  }
}
