package dev.spamflow.adapters.fs;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where the embedded adapters keep their data.
 *
 * @param dataDirectory the root; the object store uses {@code store/} below it, the registry {@code
 *     registry/}
 */
public record FileSystemConfig(Path dataDirectory) {
  /**
   * Environment variable naming the data directory (not SPAMFLOW_DATA_DIR: that names the input
   * data sets).
   */
  public static final String LOCAL_DIR_ENV = "SPAMFLOW_LOCAL_DIR";

  /** Used when {@link #LOCAL_DIR_ENV} is not set: {@code .spamflow} in the working directory. */
  public static final Path DEFAULT_DATA_DIRECTORY = Path.of(".spamflow");

  /** Validates the argument. */
  public FileSystemConfig {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
  }

  /** Reads the configuration from environment variables (pass {@code System.getenv()}). */
  public static FileSystemConfig fromEnv(Map<String, String> env) {
    String dir = env.get(LOCAL_DIR_ENV);
    return new FileSystemConfig(
        dir == null || dir.isBlank() ? DEFAULT_DATA_DIRECTORY : Path.of(dir));
  }

  /** The object store's root. */
  public Path storeDirectory() {
    return dataDirectory.resolve("store");
  }

  /** The model registry's root. */
  public Path registryDirectory() {
    return dataDirectory.resolve("registry");
  }

  /** The online feature store's root. */
  public Path featuresDirectory() {
    return dataDirectory.resolve("features");
  }
}
