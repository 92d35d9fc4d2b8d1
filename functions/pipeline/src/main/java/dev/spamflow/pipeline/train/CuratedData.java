package dev.spamflow.pipeline.train;

import dev.spamflow.core.data.DataSplit;
import dev.spamflow.core.data.Label;
import dev.spamflow.core.data.Message;
import dev.spamflow.core.data.SplitHashes;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.lakehouse.MessageTables;
import dev.spamflow.pipeline.CuratedManifest;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.LabelCounts;
import dev.spamflow.pipeline.Manifests;
import dev.spamflow.pipeline.RawManifest;
import dev.spamflow.pipeline.StagedFiles;
import dev.spamflow.pipeline.parquet.MessageParts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a curated dataset back: its manifests and its parts as messages — from the curated Delta
 * table at the version the manifest records, checked against the manifest's counts, or (for a
 * manifest from before the tables) from the Parquet parts, each checked against the SHA-256 its
 * manifest records — so training and the quality gate never score altered data.
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
   * Reads every part: from the curated Delta table at the version the manifest records (time
   * travel: the same rows however much was appended since), or, for a manifest written before
   * curate kept tables, from the Parquet parts.
   *
   * @param store the store
   * @param manifest the curated manifest
   * @param staged where the Parquet files are downloaded
   * @return the split, with the hashes the manifest records
   * @throws IllegalStateException naming the key, or the table and version, when a part does not
   *     match the manifest
   */
  public static DataSplit split(ObjectStore store, CuratedManifest manifest, StagedFiles staged) {
    List<List<Message>> parts;
    if (manifest.tables() != null) {
      parts = fromTable(store, manifest);
    } else {
      parts = new ArrayList<>();
      for (CuratedManifest.Part part : manifest.parts()) {
        parts.add(messages(store, part, staged));
      }
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
   * The dataset's rows of the curated table at the recorded version, each part in the order curate
   * wrote it, checked against the manifest's counts of ham and spam per part.
   */
  private static List<List<Message>> fromTable(ObjectStore store, CuratedManifest manifest) {
    CuratedManifest.TableVersion table = manifest.tables().curated();
    if (!table.key().equals(MessageTables.CURATED)) {
      throw new IllegalStateException(
          "curated manifest of dataset "
              + manifest.datasetId()
              + " names table '"
              + table.key()
              + "'; this build reads "
              + MessageTables.CURATED);
    }
    Map<String, List<Map<String, Object>>> byPart = new HashMap<>();
    for (Map<String, Object> row :
        new MessageTables(store)
            .curated()
            .read(table.version(), "dataset_id", manifest.datasetId())) {
      byPart.computeIfAbsent((String) row.get("part"), p -> new ArrayList<>()).add(row);
    }
    List<List<Message>> parts = new ArrayList<>();
    for (CuratedManifest.Part part : manifest.parts()) {
      List<Map<String, Object>> rows = byPart.getOrDefault(part.name(), new ArrayList<>());
      rows.sort(Comparator.comparingInt(r -> (Integer) r.get("position")));
      List<Message> messages = new ArrayList<>(rows.size());
      long spam = 0;
      for (Map<String, Object> row : rows) {
        String label = (String) row.get("label");
        Label parsed =
            Label.parse(label)
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            table.key()
                                + " version "
                                + table.version()
                                + ": label '"
                                + label
                                + "' of message "
                                + row.get("message_id")));
        spam += parsed == Label.SPAM ? 1 : 0;
        messages.add(new Message((String) row.get("text"), parsed));
      }
      LabelCounts found = new LabelCounts(messages.size() - spam, spam);
      if (!found.equals(part.labels())) {
        throw new IllegalStateException(
            table.key()
                + " version "
                + table.version()
                + " holds "
                + found
                + " for part "
                + part.name()
                + " of dataset "
                + manifest.datasetId()
                + ", but its curated manifest says "
                + part.labels());
      }
      parts.add(messages);
    }
    return parts;
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
