package dev.spamflow.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files under {@code events/examples/} and {@code events/schemas/}, read as the docs use them.
 */
public final class Examples {
  /** The examples folder; tests run with the module folder as working directory. */
  public static final Path EXAMPLES = Path.of("examples");

  /** The schemas folder. */
  public static final Path SCHEMAS = Path.of("schemas");

  private Examples() {}

  /** Returns the bytes of example {@code name}, e.g. {@code minio-put.json}. */
  public static byte[] read(String name) {
    try {
      return Files.readAllBytes(EXAMPLES.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException("example " + name + " is missing under " + EXAMPLES, e);
    }
  }

  /** Returns the example file of {@code type}. */
  public static Path of(EventType type) {
    return EXAMPLES.resolve(type.type() + ".json");
  }
}
