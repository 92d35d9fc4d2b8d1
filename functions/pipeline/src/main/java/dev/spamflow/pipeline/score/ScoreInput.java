package dev.spamflow.pipeline.score;

import dev.spamflow.core.port.ObjectInfo;
import dev.spamflow.core.port.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One input of a scoring run: its name (put in message ids, rejects and errors), its size (for
 * progress) and how to open its bytes.
 *
 * @param name a file path or object key
 * @param size its length in bytes
 * @param source opens the bytes; each call starts at the beginning
 */
public record ScoreInput(String name, long size, Source source) {

  /** Opens an input's bytes. */
  @FunctionalInterface
  public interface Source {
    /**
     * Opens the bytes.
     *
     * @return a fresh stream; the caller closes it
     * @throws IOException when the input cannot be opened
     */
    InputStream open() throws IOException;
  }

  /** Checks the components. */
  public ScoreInput {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    if (size < 0) {
      throw new IllegalArgumentException(name + ": size must be >= 0 but was " + size);
    }
  }

  /**
   * A local file.
   *
   * @param file the file
   * @return the input, named by the path as given
   * @throws UncheckedIOException when the file's size cannot be read (it is missing)
   */
  public static ScoreInput file(Path file) {
    try {
      return new ScoreInput(file.toString(), Files.size(file), () -> Files.newInputStream(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * An object in a store.
   *
   * @param store the store
   * @param object the object, as listed
   * @return the input, named by its key
   */
  public static ScoreInput object(ObjectStore store, ObjectInfo object) {
    return new ScoreInput(object.key(), object.size(), () -> store.get(object.key()));
  }
}
