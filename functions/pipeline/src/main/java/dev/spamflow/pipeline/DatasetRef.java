package dev.spamflow.pipeline;

import java.util.regex.Pattern;

/**
 * Names one dataset, and through it the keys of its raw and curated parts.
 *
 * @param id the dataset id: lower-case hex digits derived from the content
 */
public record DatasetRef(String id) {

  /** Where uploads arrive. */
  public static final String INBOX_PREFIX = "inbox/";

  /** Where ingest writes, one folder per dataset. */
  public static final String RAW_PREFIX = "raw/";

  /** Where curate writes, one folder per dataset. */
  public static final String CURATED_PREFIX = "curated/";

  /** The name of the file written last in every dataset folder. */
  public static final String MANIFEST = "manifest.json";

  private static final Pattern ID = Pattern.compile("[0-9a-f]{8,64}");
  private static final Pattern RAW_MANIFEST_KEY =
      Pattern.compile("raw/([0-9a-f]{8,64})/manifest\\.json");

  /** Checks that the id is 8 to 64 lower-case hex digits, so it is safe inside a key. */
  public DatasetRef {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "a dataset id is 8 to 64 lower-case hex digits but was '" + id + "'");
    }
  }

  /**
   * Reads the dataset out of the key of a raw manifest, the object whose creation starts curate.
   *
   * @param key an object key such as {@code raw/0123abcd…/manifest.json}
   * @return the dataset
   * @throws IllegalArgumentException naming the key when it is not a raw manifest's key
   */
  public static DatasetRef fromRawManifestKey(String key) {
    var matcher = RAW_MANIFEST_KEY.matcher(key == null ? "" : key);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "object key '" + key + "' is not a raw manifest (raw/<dataset-id>/manifest.json)");
    }
    return new DatasetRef(matcher.group(1));
  }

  /**
   * Returns the key of a file in the raw folder.
   *
   * @param file a file name such as {@code messages.parquet}
   * @return {@code raw/<id>/<file>}
   */
  public String raw(String file) {
    return RAW_PREFIX + id + "/" + file;
  }

  /**
   * Returns the key of a file in the curated folder.
   *
   * @param file a file name such as {@code train.parquet}
   * @return {@code curated/<id>/<file>}
   */
  public String curated(String file) {
    return CURATED_PREFIX + id + "/" + file;
  }
}
