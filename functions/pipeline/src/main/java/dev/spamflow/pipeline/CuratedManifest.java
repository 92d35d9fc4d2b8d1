package dev.spamflow.pipeline;

import java.util.List;

/**
 * {@code curated/<id>/manifest.json}: how curate cut and prepared one raw dataset. Written last,
 * with a conditional create, so its presence means the folder is complete.
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param datasetId the dataset id
 * @param rawManifest the raw manifest it was made from (key, size, SHA-256)
 * @param seed the split's random seed
 * @param validationFraction the share asked for validation
 * @param testFraction the share asked for test
 * @param parts train, validation and test, in that order
 * @param referenceStats {@code reference-stats.json}, the statistics drift detection compares with
 * @param schema the columns of every part's Parquet file
 * @param createdAt when curate wrote it, ISO-8601 UTC
 * @param tables where the dataset's rows are in the lakehouse's Delta tables, and at which
 *     versions; null in a manifest written before curate appended to tables
 */
public record CuratedManifest(
    int formatVersion,
    String datasetId,
    FileEntry rawManifest,
    long seed,
    double validationFraction,
    double testFraction,
    List<Part> parts,
    FileEntry referenceStats,
    List<ColumnSpec> schema,
    String createdAt,
    Tables tables) {

  /** The version of this layout; bump it when a field changes meaning. */
  public static final int FORMAT_VERSION = 1;

  /** Copies the lists. */
  public CuratedManifest {
    parts = List.copyOf(parts);
    schema = List.copyOf(schema);
  }

  /**
   * One part of the split.
   *
   * @param name {@code train}, {@code validation} or {@code test}
   * @param labels messages per label
   * @param contentHash {@code ContentHash.of} the part's messages (raw text), as {@code
   *     SplitHashes} records it
   * @param file the part's Parquet file
   */
  public record Part(String name, LabelCounts labels, String contentHash, FileEntry file) {}

  /**
   * The Delta tables holding a dataset (see {@code dev.spamflow.lakehouse.MessageTables}).
   *
   * @param curated the curated messages' table
   * @param features the features' table
   */
  public record Tables(TableVersion curated, TableVersion features) {}

  /**
   * A Delta table in the object store and the version that first holds a dataset: reading it at
   * that version, filtered by {@code dataset_id}, gives exactly the dataset's rows.
   *
   * @param key the table's folder in the object store
   * @param version the table version
   */
  public record TableVersion(String key, long version) {}
}
