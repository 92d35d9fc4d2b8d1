package dev.spamflow.pipeline.curate;

import dev.spamflow.core.data.DataSplit;
import dev.spamflow.core.data.Label;
import dev.spamflow.core.data.Message;
import dev.spamflow.core.data.Splitter;
import dev.spamflow.core.port.FeatureRow;
import dev.spamflow.core.port.ObjectNotFoundException;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.core.port.OnlineFeatureStore;
import dev.spamflow.core.text.Features;
import dev.spamflow.core.text.TextFeatures;
import dev.spamflow.lakehouse.MessageTables;
import dev.spamflow.pipeline.CuratedManifest;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.FileEntry;
import dev.spamflow.pipeline.Hashes;
import dev.spamflow.pipeline.LabelCounts;
import dev.spamflow.pipeline.Manifests;
import dev.spamflow.pipeline.RawManifest;
import dev.spamflow.pipeline.StagedFiles;
import dev.spamflow.pipeline.ingest.IngestFunction;
import dev.spamflow.pipeline.parquet.MessageParts;
import dev.spamflow.pipeline.parquet.ParquetFiles;
import dev.spamflow.pipeline.parquet.Schemas;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The curate stage: reads {@code raw/<id>/messages.parquet}, cleans and measures every message with
 * {@link TextFeatures}, cuts a seeded stratified split with {@link Splitter}, and writes {@code
 * curated/<id>/train.parquet}, {@code validation.parquet}, {@code test.parquet}, {@code
 * reference-stats.json}, appends the messages and their features to the lakehouse's Delta tables
 * ({@link MessageTables}: one commit per table and dataset, never two), and writes, last, {@code
 * manifest.json}, which records the tables' versions.
 *
 * <p>The split needs every message at once, so memory grows with the dataset's distinct messages
 * (not with the upload's size: duplicates and rejects were dropped by ingest).
 */
public final class CurateFunction implements Function<DatasetRef, CurateResult> {

  /** The part names, in manifest order. */
  public static final List<String> PARTS = List.of("train", "validation", "test");

  /** The reference statistics' file name. */
  public static final String REFERENCE_STATS = "reference-stats.json";

  /**
   * The verdict curate leaves under {@code curated/<id>/} for a dataset it cannot split, so that a
   * recovery scan counts the chain as ended instead of resuming it at every start. Curate still
   * decides afresh on every delivery (its settings may have changed) and removes the verdict once
   * it curates the dataset.
   */
  public static final String NOT_CURATABLE = "not-curatable.json";

  /**
   * What {@value #NOT_CURATABLE} holds.
   *
   * @param datasetId the dataset
   * @param reason why curate did not split it
   * @param decidedAt when
   */
  public record NotCuratable(String datasetId, String reason, String decidedAt) {}

  private static final Logger LOG = LoggerFactory.getLogger(CurateFunction.class);

  private final ObjectStore store;
  private final CurateSettings settings;
  private final Clock clock;
  private final MessageTables tables;
  private final Optional<OnlineFeatureStore> online;

  /**
   * Creates the stage with the system clock.
   *
   * @param store where raw datasets are read and curated ones written
   * @param settings the settings
   */
  public CurateFunction(ObjectStore store, CurateSettings settings) {
    this(store, Optional.empty(), settings, Clock.systemUTC());
  }

  /**
   * Creates the stage.
   *
   * @param store where raw datasets are read and curated ones written
   * @param settings the settings
   * @param clock gives the manifest's creation time
   */
  public CurateFunction(ObjectStore store, CurateSettings settings, Clock clock) {
    this(store, Optional.empty(), settings, clock);
  }

  /**
   * Creates the stage with an online feature store, to which it materialises every curated
   * message's features (view {@value MessageTables#FEATURE_VIEW}, as {@code feature_repo/} names
   * it) after the tables' commit and before the manifest.
   *
   * @param store where raw datasets are read and curated ones written
   * @param online the online feature store, or empty for none
   * @param settings the settings
   * @param clock gives the manifest's creation time
   */
  public CurateFunction(
      ObjectStore store,
      Optional<OnlineFeatureStore> online,
      CurateSettings settings,
      Clock clock) {
    this.online = Objects.requireNonNull(online, "online");
    this.store = Objects.requireNonNull(store, "store");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tables = new MessageTables(store);
  }

  /**
   * Curates one raw dataset.
   *
   * @param dataset the dataset whose raw manifest exists (see {@link
   *     DatasetRef#fromRawManifestKey})
   * @return {@link CurateResult.Status#CURATED} with the parts' counts, {@code ALREADY_CURATED}
   *     with the existing ones, {@code RAW_MISSING} when there is no raw manifest, {@code
   *     NOT_CURATABLE} with the reason when the dataset lacks a label or has too few messages
   * @throws IllegalStateException naming the object key when a raw file does not match its manifest
   *     or is malformed
   * @throws dev.spamflow.core.port.ObjectStoreException when the store fails (worth a retry)
   * @throws UncheckedIOException when a temporary file fails
   */
  @Override
  public CurateResult apply(DatasetRef dataset) {
    String manifestKey = dataset.curated(DatasetRef.MANIFEST);
    if (store.stat(manifestKey).isPresent()) {
      return existing(dataset);
    }
    String rawManifestKey = dataset.raw(DatasetRef.MANIFEST);
    byte[] rawJson;
    try {
      rawJson = store.getBytes(rawManifestKey);
    } catch (ObjectNotFoundException e) {
      LOG.warn("curate: no raw manifest '{}'; nothing to curate", rawManifestKey);
      return CurateResult.nothing(
          CurateResult.Status.RAW_MISSING,
          dataset,
          "object '" + rawManifestKey + "' does not exist");
    }
    RawManifest raw = Manifests.fromJson(rawJson, rawManifestKey, RawManifest.class);
    if (!raw.trainable()) {
      return notCuratable(dataset, raw.notTrainableReason());
    }
    LabelCounts labels = raw.labels();
    long fewest = Math.min(labels.ham(), labels.spam());
    if (fewest < settings.minMessagesPerLabel()) {
      String label = labels.ham() <= labels.spam() ? "ham" : "spam";
      return notCuratable(
          dataset,
          "too few "
              + label
              + " messages ("
              + fewest
              + "); curate needs at least "
              + settings.minMessagesPerLabel()
              + " of each label");
    }
    FileEntry rawManifestEntry =
        new FileEntry(
            rawManifestKey, rawJson.length, Hashes.hex(Hashes.sha256().digest(rawJson)), 1);
    try (StagedFiles staged = StagedFiles.create(settings.tempDirectory(), "curate-")) {
      List<Message> messages = readMessages(raw, staged);
      DataSplit split;
      try {
        split =
            Splitter.split(
                messages, settings.validationFraction(), settings.testFraction(), settings.seed());
      } catch (IllegalArgumentException e) {
        return notCuratable(dataset, e.getMessage());
      }
      return write(dataset, rawManifestEntry, split, staged);
    }
  }

  private CurateResult notCuratable(DatasetRef dataset, String reason) {
    LOG.info("curate: dataset {} is not curated: {}", dataset.id(), reason);
    store.put(
        dataset.curated(NOT_CURATABLE),
        Manifests.toJson(new NotCuratable(dataset.id(), reason, clock.instant().toString())),
        "application/json");
    return CurateResult.nothing(CurateResult.Status.NOT_CURATABLE, dataset, reason);
  }

  private List<Message> readMessages(RawManifest raw, StagedFiles staged) {
    return MessageParts.read(store, raw.messages(), staged.file(IngestFunction.MESSAGES));
  }

  private CurateResult write(
      DatasetRef dataset, FileEntry rawManifest, DataSplit split, StagedFiles staged) {
    List<List<Message>> parts = List.of(split.train(), split.validation(), split.test());
    List<String> hashes =
        List.of(split.hashes().train(), split.hashes().validation(), split.hashes().test());
    ReferenceStatsBuilder reference = new ReferenceStatsBuilder(split.train().size());
    Instant curatedAt = clock.instant();
    MessageTables.Batch rows = tables.batch(dataset.id(), curatedAt);
    List<FeatureRow> onlineRows = new ArrayList<>();
    List<CuratedManifest.Part> written = new ArrayList<>();
    for (int p = 0; p < PARTS.size(); p++) {
      String name = PARTS.get(p);
      Path local = staged.file(name + ".parquet");
      LabelCounts counts =
          writePart(
              local, name, parts.get(p), p == 0 ? reference : null, rows, onlineRows, curatedAt);
      FileEntry file =
          StagedFiles.upload(
              store,
              dataset.curated(name + ".parquet"),
              local,
              ParquetFiles.CONTENT_TYPE,
              counts.total());
      written.add(new CuratedManifest.Part(name, counts, hashes.get(p), file));
    }
    byte[] stats =
        Manifests.toJson(reference.build(dataset.id(), PARTS.getFirst(), settings.topTokens()));
    String statsKey = dataset.curated(REFERENCE_STATS);
    store.put(
        statsKey, new ByteArrayInputStream(stats), stats.length, "application/json", Map.of());
    FileEntry statsEntry =
        new FileEntry(statsKey, stats.length, Hashes.hex(Hashes.sha256().digest(stats)), 1);
    // Before the manifest: a crash in between leaves the tables holding the dataset, and the
    // redelivery's append finds its transaction id and returns the same versions.
    CuratedManifest.Tables recorded = settings.tables() ? appendToTables(dataset, rows) : null;
    online.ifPresent(features -> materialise(features, dataset, onlineRows));
    CuratedManifest manifest =
        new CuratedManifest(
            CuratedManifest.FORMAT_VERSION,
            dataset.id(),
            rawManifest,
            settings.seed(),
            settings.validationFraction(),
            settings.testFraction(),
            written,
            statsEntry,
            ParquetFiles.describe(Schemas.CURATED),
            curatedAt.toString(),
            recorded);
    byte[] json = Manifests.toJson(manifest);
    if (store
        .putIfAbsent(
            dataset.curated(DatasetRef.MANIFEST),
            new ByteArrayInputStream(json),
            json.length,
            "application/json",
            Map.of())
        .isEmpty()) {
      // A concurrent delivery finished first; its manifest is the one that counts.
      return existing(dataset);
    }
    if (store.stat(dataset.curated(NOT_CURATABLE)).isPresent()) {
      store.delete(dataset.curated(NOT_CURATABLE));
    }
    LOG.info(
        "curate: dataset {} -> train {}, validation {}, test {}",
        dataset.id(),
        written.get(0).labels(),
        written.get(1).labels(),
        written.get(2).labels());
    return new CurateResult(
        CurateResult.Status.CURATED,
        dataset,
        written.get(0).labels(),
        written.get(1).labels(),
        written.get(2).labels(),
        "");
  }

  /** Rows per write: bounds one Redis pipeline. */
  private static final int ONLINE_BATCH = 1000;

  /**
   * Writes the dataset's features to the online store. A replay writes nothing: the rows carry the
   * dataset's curation time, which the store already holds (its rule skips a row not newer).
   */
  private void materialise(
      OnlineFeatureStore features, DatasetRef dataset, List<FeatureRow> onlineRows) {
    long started = System.nanoTime();
    int written = 0;
    for (int from = 0; from < onlineRows.size(); from += ONLINE_BATCH) {
      written +=
          features.write(
              MessageTables.FEATURE_VIEW,
              onlineRows.subList(from, Math.min(onlineRows.size(), from + ONLINE_BATCH)));
    }
    LOG.info(
        "curate: dataset {} materialised {} of {} messages' features online in {} ms",
        dataset.id(),
        written,
        onlineRows.size(),
        (System.nanoTime() - started) / 1_000_000);
  }

  private CuratedManifest.Tables appendToTables(DatasetRef dataset, MessageTables.Batch rows) {
    long started = System.nanoTime();
    MessageTables.Versions versions = tables.append(rows);
    LOG.info(
        "curate: dataset {} {} tables in {} ms: {} version {}, {} version {}",
        dataset.id(),
        versions.appended() ? "appended to" : "already in",
        (System.nanoTime() - started) / 1_000_000,
        versions.curated().key(),
        versions.curated().version(),
        versions.features().key(),
        versions.features().version());
    return new CuratedManifest.Tables(
        new CuratedManifest.TableVersion(versions.curated().key(), versions.curated().version()),
        new CuratedManifest.TableVersion(versions.features().key(), versions.features().version()));
  }

  /**
   * Writes one part and adds its rows to the tables' batch; feeds the reference statistics when
   * given a builder.
   */
  private static LabelCounts writePart(
      Path file,
      String part,
      List<Message> messages,
      ReferenceStatsBuilder reference,
      MessageTables.Batch rows,
      List<FeatureRow> onlineRows,
      Instant curatedAt) {
    SimpleGroupFactory groups = new SimpleGroupFactory(Schemas.CURATED);
    long ham = 0;
    long spam = 0;
    try (ParquetWriter<Group> writer = ParquetFiles.writer(file, Schemas.CURATED)) {
      int position = 0;
      for (Message message : messages) {
        TextFeatures.Analysis analysis = TextFeatures.analyse(message.text());
        Features f = analysis.features();
        String id = TextFeatures.messageId(message.text());
        writer.write(
            groups
                .newGroup()
                .append(Schemas.ID, id)
                .append(Schemas.TEXT, analysis.cleaned())
                .append(Schemas.LABEL, message.label().wireName())
                .append(Schemas.TOKEN_COUNT, analysis.tokens().size())
                .append("text_length", f.textLength())
                .append("word_count", f.wordCount())
                .append("has_url", f.hasUrl())
                .append("has_email", f.hasEmail())
                .append("digit_share", f.digitShare())
                .append("upper_case_share", f.upperCaseShare())
                .append("has_currency", f.hasCurrency()));
        rows.add(
            id,
            part,
            position++,
            analysis.cleaned(),
            message.label().wireName(),
            analysis.tokens().size(),
            f);
        onlineRows.add(new FeatureRow(id, curatedAt, MessageTables.featureValues(f)));
        if (message.label() == Label.SPAM) {
          spam++;
        } else {
          ham++;
        }
        if (reference != null) {
          reference.add(message.label(), analysis);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write Parquet file " + file, e);
    }
    return new LabelCounts(ham, spam);
  }

  private CurateResult existing(DatasetRef dataset) {
    CuratedManifest manifest =
        Manifests.read(store, dataset.curated(DatasetRef.MANIFEST), CuratedManifest.class);
    LOG.info("curate: dataset {} was curated before; nothing to do", dataset.id());
    return new CurateResult(
        CurateResult.Status.ALREADY_CURATED,
        dataset,
        manifest.parts().get(0).labels(),
        manifest.parts().get(1).labels(),
        manifest.parts().get(2).labels(),
        "");
  }
}
