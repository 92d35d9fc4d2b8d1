package dev.spamflow.cli.bench;

import dev.spamflow.core.port.ObjectInfo;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.ObjectCreated;
import dev.spamflow.pipeline.ingest.IngestFunction;
import dev.spamflow.pipeline.ingest.IngestSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** What the benchmarks that need a dataset do first: upload a file to the inbox and ingest it. */
final class BenchUploads {

  private BenchUploads() {}

  /**
   * Puts {@code file} under {@code inbox/} of the store and ingests it, as an upload does.
   *
   * @param store the store
   * @param temp a folder for ingest's temporary files
   * @param file the labelled file
   * @return the ingested dataset
   * @throws IOException if the file cannot be read
   * @throws IllegalStateException if ingest produced no dataset
   */
  static DatasetRef ingest(ObjectStore store, Path temp, Path file) throws IOException {
    String key = "inbox/" + file.getFileName();
    ObjectCreated upload;
    try (InputStream in = Files.newInputStream(file)) {
      ObjectInfo info =
          store.put(key, in, Files.size(file), ObjectStore.DEFAULT_CONTENT_TYPE, Map.of());
      upload = new ObjectCreated("spamflow", key, info.etag(), info.size());
    }
    return new IngestFunction(
            store, new IngestSettings(IngestSettings.DEFAULT.readerLimits(), temp))
        .apply(upload)
        .dataset()
        .orElseThrow(() -> new IllegalStateException(file + " was not ingested"));
  }
}
