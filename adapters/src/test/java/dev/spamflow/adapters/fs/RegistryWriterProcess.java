package dev.spamflow.adapters.fs;

import dev.spamflow.core.port.ModelVersion;
import java.nio.file.Path;
import java.util.Map;

/**
 * Run as a separate JVM by {@link FileSystemModelRegistryTest}: registers versions and moves the
 * {@code champion} alias in a shared registry directory, competing with another process.
 */
public final class RegistryWriterProcess {
  private RegistryWriterProcess() {}

  /** Arguments: registry directory, model, run id, number of versions to register. */
  public static void main(String[] args) {
    FileSystemModelRegistry registry = new FileSystemModelRegistry(Path.of(args[0]));
    int count = Integer.parseInt(args[3]);
    for (int i = 0; i < count; i++) {
      ModelVersion version = registry.registerVersion(args[1], args[2], "model", Map.of());
      registry.setAlias(args[1], "champion", version.version());
    }
  }
}
