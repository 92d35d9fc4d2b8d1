package dev.spamflow.pipeline.ingest;

import dev.spamflow.core.data.ReaderLimits;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What the ingest stage can be told.
 *
 * @param readerLimits the limits of the readers (the longest row)
 * @param tempDirectory where Parquet and rejects are staged before upload; needs free space of
 *     about the upload's size
 */
public record IngestSettings(ReaderLimits readerLimits, Path tempDirectory) {

  /** The readers' default limits, staging in {@code java.io.tmpdir}. */
  public static final IngestSettings DEFAULT =
      new IngestSettings(ReaderLimits.DEFAULT, Path.of(System.getProperty("java.io.tmpdir")));

  /** Checks for nulls. */
  public IngestSettings {
    Objects.requireNonNull(readerLimits, "readerLimits");
    Objects.requireNonNull(tempDirectory, "tempDirectory");
  }
}
