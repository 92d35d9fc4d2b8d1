package dev.spamflow.pipeline.train;

import dev.spamflow.core.data.DataSplit;
import dev.spamflow.core.data.Message;
import dev.spamflow.core.data.SplitHashes;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.pipeline.CuratedManifest;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.Manifests;
import dev.spamflow.pipeline.RawManifest;
import dev.spamflow.pipeline.StagedFiles;
import dev.spamflow.pipeline.parquet.MessageParts;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a curated dataset back: its manifests and its parts as messages, each file checked against
 * the SHA-256 its manifest records, so training and the quality gate never score altered data.
 */
public final class CuratedData {

  private static final Pattern CURATED_MANIFEST_KEY =
      Pattern.compile("curated/([0-9a-f]{8,64})/manifest\\.json");

  private CuratedData() {}

  /**
   * Reads the dataset out of the key of a curated manifest, the object whose creation starts
   * training.
   *
   * @param key an object key such as {@code curated/0123abcd…/manifest.json}
   * @return the dataset
   * @throws IllegalArgumentException naming the key when it is not a curated manifest's key
   */
  public static DatasetRef fromCuratedManifestKey(String key) {
    var matcher = CURATED_MANIFEST_KEY.matcher(key == null ? "" : key);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "object key '"
              + key
              + "' is not a curated manifest (curated/<dataset-id>/manifest.json)");
    }
    return new DatasetRef(matcher.group(1));
  }

  /**
   * Reads a curated manifest.
   *
   * @param store the store
   * @param dataset the dataset
   * @return the manifest
   * @throws dev.spamflow.core.port.ObjectNotFoundException if the dataset was never curated
   * @throws IllegalStateException naming the key if the manifest is malformed
   */
  public static CuratedManifest manifest(ObjectStore store, DatasetRef dataset) {
    return Manifests.read(store, dataset.curated(DatasetRef.MANIFEST), CuratedManifest.class);
  }

  /**
   * Reads the raw manifest a curated dataset was made from (counts and content hash, for
   * provenance).
   *
   * @param store the store
   * @param curated the curated manifest
   * @return the raw manifest
   * @throws dev.spamflow.core.port.ObjectNotFoundException if it is gone
   * @throws IllegalStateException naming the key if it is malformed
   */
  public static RawManifest rawManifest(ObjectStore store, CuratedManifest curated) {
    return Manifests.read(store, curated.rawManifest().key(), RawManifest.class);
  }

  /**
   * Reads every part.
   *
   * @param store the store
   * @param manifest the curated manifest
   * @param staged where the Parquet files are downloaded
   * @return the split, with the hashes the manifest records
   * @throws IllegalStateException naming the key when a part does not match the manifest
   */
  public static DataSplit split(ObjectStore store, CuratedManifest manifest, StagedFiles staged) {
    List<List<Message>> parts = new ArrayList<>();
    for (CuratedManifest.Part part : manifest.parts()) {
      parts.add(messages(store, part, staged));
    }
    return new DataSplit(
        parts.get(0),
        parts.get(1),
        parts.get(2),
        new SplitHashes(
            manifest.parts().get(0).contentHash(),
            manifest.parts().get(1).contentHash(),
            manifest.parts().get(2).contentHash()));
  }

  /**
   * Reads one part.
   *
   * @param store the store
   * @param part the part as the manifest records it
   * @param staged where the Parquet file is downloaded
   * @return its messages (cleaned text and label), in file order
   * @throws IllegalStateException naming the key when the file does not match the manifest
   */
  public static List<Message> messages(
      ObjectStore store, CuratedManifest.Part part, StagedFiles staged) {
    return MessageParts.read(store, part.file(), staged.file(part.name() + ".parquet"));
  }
}
