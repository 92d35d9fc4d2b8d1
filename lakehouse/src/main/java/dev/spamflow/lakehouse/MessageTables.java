package dev.spamflow.lakehouse;

import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.core.text.Features;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The two tables curate appends every dataset to, in the object store beside the datasets:
 *
 * <ul>
 *   <li>{@value #CURATED} — one row per curated message: {@code message_id} (SHA-256 of the
 *       message's dedup key, the id the curated Parquet parts use), {@code dataset_id}, {@code
 *       part} ({@code train}, {@code validation} or {@code test}), {@code position} (its place in
 *       the part, so a reader rebuilds the split in the order training saw it), the cleaned {@code
 *       text}, {@code label} ({@code ham}/{@code spam}), {@code token_count} and {@code
 *       curated_at};
 *   <li>{@value #FEATURES} — the same messages' {@link Features} from {@code TextFeatures}, keyed
 *       for a feature store: entity {@code message_id}, {@code event_timestamp} (when curate
 *       measured them), {@code created_timestamp} (when the row was written: the same instant, as
 *       curate measures and writes in one go; Feast breaks ties between rows with it), {@code
 *       dataset_id} and one column per feature under the names {@link Features#NAMES} gives.
 * </ul>
 *
 * <p>Each dataset is one commit to each table, with the transaction id {@link #appId}: a
 * redelivered event finds its id and appends nothing. A message uploaded in two datasets has a row
 * per dataset.
 */
public final class MessageTables {

  /** The curated messages' table, under the object store's root. */
  public static final String CURATED = "lakehouse/curated/messages";

  /** The features' table, under the object store's root. */
  public static final String FEATURES = "lakehouse/features/messages";

  /**
   * The feature view that serves the features table's columns, offline (this table) and online (the
   * {@code OnlineFeatureStore}); {@code feature_repo/} defines it for Feast.
   */
  public static final String FEATURE_VIEW = "message_features";

  /** The curated messages' columns. */
  public static final StructType CURATED_SCHEMA =
      new StructType()
          .add("message_id", StringType.STRING, false)
          .add("dataset_id", StringType.STRING, false)
          .add("part", StringType.STRING, false)
          .add("position", IntegerType.INTEGER, false)
          .add("text", StringType.STRING, false)
          .add("label", StringType.STRING, false)
          .add("token_count", IntegerType.INTEGER, false)
          .add("curated_at", TimestampType.TIMESTAMP, false);

  /** The features' columns. */
  public static final StructType FEATURES_SCHEMA =
      new StructType()
          .add("message_id", StringType.STRING, false)
          .add("event_timestamp", TimestampType.TIMESTAMP, false)
          .add("created_timestamp", TimestampType.TIMESTAMP, false)
          .add("dataset_id", StringType.STRING, false)
          .add("text_length", IntegerType.INTEGER, false)
          .add("word_count", IntegerType.INTEGER, false)
          .add("has_url", BooleanType.BOOLEAN, false)
          .add("has_email", BooleanType.BOOLEAN, false)
          .add("digit_share", DoubleType.DOUBLE, false)
          .add("upper_case_share", DoubleType.DOUBLE, false)
          .add("has_currency", BooleanType.BOOLEAN, false);

  private final DeltaTable curated;
  private final DeltaTable features;

  /**
   * Opens both tables.
   *
   * @param store the object store the datasets live in
   */
  public MessageTables(ObjectStore store) {
    Objects.requireNonNull(store, "store");
    this.curated = new DeltaTable(store, CURATED, CURATED_SCHEMA);
    this.features = new DeltaTable(store, FEATURES, FEATURES_SCHEMA);
  }

  /** Returns the curated messages' table. */
  public DeltaTable curated() {
    return curated;
  }

  /** Returns the features' table. */
  public DeltaTable features() {
    return features;
  }

  /**
   * Returns the transaction id a dataset is committed with.
   *
   * @param datasetId the dataset
   * @return {@code spamflow-curate/<datasetId>}
   */
  public static String appId(String datasetId) {
    return "spamflow-curate/" + datasetId;
  }

  /**
   * Starts one dataset's rows.
   *
   * @param datasetId the dataset
   * @param curatedAt when curate measured the messages (both tables' timestamp)
   * @return an empty batch
   */
  public Batch batch(String datasetId, Instant curatedAt) {
    return new Batch(datasetId, curatedAt);
  }

  /**
   * Appends a dataset to both tables, once: a second call for the same dataset writes nothing and
   * returns the versions the first one committed.
   *
   * @param batch the dataset's rows
   * @return the two tables' versions holding the dataset
   * @throws java.io.UncheckedIOException when the store fails (worth a retry: a retry finds what
   *     was committed)
   */
  public Versions append(Batch batch) {
    String appId = appId(batch.datasetId);
    String info =
        "spamflow-curate dataset="
            + batch.datasetId
            + " messages="
            + batch.curatedRows.size()
            + " spam="
            + batch.spam;
    DeltaTable.Commit curatedCommit = curated.append(appId, info, batch.curatedRows);
    DeltaTable.Commit featuresCommit = features.append(appId, info, batch.featureRows);
    return new Versions(
        new TableVersion(CURATED, curatedCommit.version()),
        new TableVersion(FEATURES, featuresCommit.version()),
        curatedCommit.appended() || featuresCommit.appended());
  }

  /**
   * A table and one of its versions: what a model was trained on, exactly.
   *
   * @param key the table's folder in the object store
   * @param version the version
   */
  public record TableVersion(String key, long version) {}

  /**
   * Where a dataset's rows are.
   *
   * @param curated the curated messages' table and the version holding the dataset
   * @param features the features' table and the version holding the dataset
   * @param appended true when this call wrote them (false on a redelivery)
   */
  public record Versions(TableVersion curated, TableVersion features, boolean appended) {}

  /**
   * Returns the features as the feature view's values, by the names the features table uses.
   *
   * @param measured a message's features
   * @return name → value ({@code Integer}, {@code Double} or {@code Boolean})
   */
  public static Map<String, Object> featureValues(Features measured) {
    return measured.values();
  }

  /** One dataset's rows for both tables, added message by message. */
  public static final class Batch {
    private final String datasetId;
    private final Instant curatedAt;
    private final Columns curatedRows = new Columns(CURATED_SCHEMA);
    private final Columns featureRows = new Columns(FEATURES_SCHEMA);
    private long spam;

    private Batch(String datasetId, Instant curatedAt) {
      this.datasetId = Objects.requireNonNull(datasetId, "datasetId");
      this.curatedAt = Objects.requireNonNull(curatedAt, "curatedAt");
    }

    /**
     * Adds one curated message.
     *
     * @param messageId the message's id
     * @param part the split part it is in
     * @param position its place in the part, from 0
     * @param text the cleaned text
     * @param label {@code ham} or {@code spam}
     * @param tokenCount its tokens
     * @param measured its features
     */
    public void add(
        String messageId,
        String part,
        int position,
        String text,
        String label,
        int tokenCount,
        Features measured) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("message_id", messageId);
      row.put("dataset_id", datasetId);
      row.put("part", part);
      row.put("position", position);
      row.put("text", text);
      row.put("label", label);
      row.put("token_count", tokenCount);
      row.put("curated_at", curatedAt);
      curatedRows.add(row);
      Map<String, Object> feature = new LinkedHashMap<>();
      feature.put("message_id", messageId);
      feature.put("event_timestamp", curatedAt);
      feature.put("created_timestamp", curatedAt);
      feature.put("dataset_id", datasetId);
      feature.putAll(featureValues(measured));
      featureRows.add(feature);
      if ("spam".equals(label)) {
        spam++;
      }
    }

    /** Returns the messages added. */
    public int size() {
      return curatedRows.size();
    }
  }
}
