package dev.spamflow.pipeline.ingest;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.spamflow.core.data.ContentHash;
import dev.spamflow.core.data.CountingInputStream;
import dev.spamflow.core.data.DatasetFormat;
import dev.spamflow.core.data.DatasetFormatException;
import dev.spamflow.core.data.DatasetReaders;
import dev.spamflow.core.data.DatasetStats;
import dev.spamflow.core.data.Label;
import dev.spamflow.core.data.LabelPolicy;
import dev.spamflow.core.data.Message;
import dev.spamflow.core.data.ReadResult;
import dev.spamflow.core.data.RecordReader;
import dev.spamflow.core.data.Reject;
import dev.spamflow.core.port.ObjectInfo;
import dev.spamflow.core.port.ObjectKeys;
import dev.spamflow.core.port.ObjectNotFoundException;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.core.text.TextFeatures;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.FileEntry;
import dev.spamflow.pipeline.Hashes;
import dev.spamflow.pipeline.LabelCounts;
import dev.spamflow.pipeline.Manifests;
import dev.spamflow.pipeline.ObjectCreated;
import dev.spamflow.pipeline.RawManifest;
import dev.spamflow.pipeline.StagedFiles;
import dev.spamflow.pipeline.parquet.ParquetFiles;
import dev.spamflow.pipeline.parquet.Schemas;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.LinkedHashMap;
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
 * The ingest stage: reads an upload under {@code inbox/} as a stream, validates and deduplicates
 * its rows, and writes {@code raw/<dataset-id>/messages.parquet}, {@code rejects.jsonl} and, last,
 * {@code manifest.json}.
 *
 * <p>The dataset id is the first {@value #ID_HEX_DIGITS} hex digits of the accepted messages'
 * order-independent content hash ({@link ContentHash}, as every other part of spamflow computes
 * it), so the same messages uploaded again, under any name or in any order, or the same event
 * delivered twice, find the existing manifest and change nothing. A file without a single valid
 * message takes its id from the hash of its bytes instead, so that two different bad files do not
 * share one dataset.
 *
 * <p>Memory does not grow with the upload's size, only with its number of distinct messages (16 to
 * 24 bytes each, for deduplication: {@link KeyHashSet}): rows stream to a Parquet file in a
 * temporary folder, which is then streamed into the store.
 */
public final class IngestFunction implements Function<ObjectCreated, IngestResult> {

  /** The length of a dataset id, in hex digits (96 bits). */
  public static final int ID_HEX_DIGITS = 24;

  /** The raw dataset's files. */
  public static final String MESSAGES = "messages.parquet";

  /** The rejected rows, one JSON object per line: {@code {"row", "field", "reason"}}. */
  public static final String REJECTS = "rejects.jsonl";

  /** Folder under {@code raw/<id>/} recording other uploads that held the same messages. */
  public static final String SOURCES = "sources/";

  /**
   * Another upload whose messages are those of a dataset ingested before.
   *
   * @param key its key under {@code inbox/}
   * @param etag the ETag of the object that was read
   * @param datasetId the dataset it holds
   */
  public record KnownSource(String key, String etag, String datasetId) {}

  /**
   * Returns where an upload holding a known dataset's messages is recorded.
   *
   * @param dataset the dataset
   * @param key the upload's key
   * @return {@code raw/<id>/sources/<SHA-256 of the key>.json}
   */
  public static String sourceKey(DatasetRef dataset, String key) {
    return dataset.raw(
        SOURCES
            + Hashes.hex(Hashes.sha256().digest(key.getBytes(StandardCharsets.UTF_8)))
            + ".json");
  }

  private static final Logger LOG = LoggerFactory.getLogger(IngestFunction.class);
  private static final ObjectWriter JSON_LINE = Manifests.compactMapper().writer();

  private final ObjectStore store;
  private final IngestSettings settings;
  private final Clock clock;

  /**
   * Creates the stage with the system clock.
   *
   * @param store where uploads are read and datasets written
   * @param settings the settings
   */
  public IngestFunction(ObjectStore store, IngestSettings settings) {
    this(store, settings, Clock.systemUTC());
  }

  /**
   * Creates the stage.
   *
   * @param store where uploads are read and datasets written
   * @param settings the settings
   * @param clock gives the manifest's creation time
   */
  public IngestFunction(ObjectStore store, IngestSettings settings, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Ingests one upload.
   *
   * @param event the object that was created; its key must be under {@code inbox/}
   * @return {@link IngestResult.Status#INGESTED} with the new dataset, {@code ALREADY_INGESTED}
   *     with the existing one, {@code SOURCE_MISSING} when the object is gone, {@code UNREADABLE}
   *     when its format cannot be told; a dataset whose rows were all rejected is {@code INGESTED}
   *     and not {@code trainable}
   * @throws IllegalArgumentException naming the key when it is not under {@code inbox/} or not a
   *     valid object key
   * @throws dev.spamflow.core.port.ObjectStoreException when the store fails (worth a retry)
   * @throws UncheckedIOException when reading the upload or a temporary file fails
   */
  @Override
  public IngestResult apply(ObjectCreated event) {
    String key = event.key();
    if (!key.startsWith(DatasetRef.INBOX_PREFIX)) {
      throw new IllegalArgumentException(
          "object key '"
              + key
              + "' is not under "
              + DatasetRef.INBOX_PREFIX
              + ": ingest reads uploads only");
    }
    ObjectKeys.requireValidKey(key);
    Optional<ObjectInfo> info = store.stat(key);
    if (info.isEmpty()) {
      return missing(key);
    }
    try (StagedFiles staged = StagedFiles.create(settings.tempDirectory(), "ingest-")) {
      Pass pass;
      try (InputStream content = store.get(key)) {
        pass = read(key, content, staged);
      } catch (ObjectNotFoundException e) {
        return missing(key);
      } catch (DatasetFormatException e) {
        LOG.warn("ingest: '{}' is not a dataset: {}", key, e.getMessage());
        return IngestResult.withoutDataset(IngestResult.Status.UNREADABLE, key, e.getMessage());
      } catch (IOException e) {
        throw new UncheckedIOException("reading object '" + key + "' failed", e);
      }
      return store(event, info.get(), pass, staged);
    }
  }

  private static IngestResult missing(String key) {
    // The object was deleted after its event was sent: retrying cannot help, so say so and stop.
    LOG.warn("ingest: object '{}' is gone; nothing to ingest", key);
    return IngestResult.withoutDataset(
        IngestResult.Status.SOURCE_MISSING, key, "object '" + key + "' no longer exists");
  }

  /** What one streaming pass over the upload found. */
  private record Pass(
      DatasetFormat format,
      DatasetStats counts,
      LabelCounts labels,
      String contentHash,
      String sourceSha256,
      long sourceBytes) {}

  private Pass read(String key, InputStream content, StagedFiles staged) throws IOException {
    MessageDigest sourceSha = Hashes.sha256();
    CountingInputStream counted =
        new CountingInputStream(new DigestInputStream(content, sourceSha));
    BufferedInputStream in = new BufferedInputStream(counted, 64 * 1024);
    DatasetFormat format = DatasetReaders.detect(key, in, LabelPolicy.REQUIRED);
    KeyHashSet seen = new KeyHashSet();
    // One digest for the whole pass: looking SHA-256 up per message costs more than hashing it.
    MessageDigest keySha = Hashes.sha256();
    ContentHash.Accumulator digests = ContentHash.accumulator();
    SimpleGroupFactory rows = new SimpleGroupFactory(Schemas.RAW);
    long read = 0;
    long rejected = 0;
    long duplicates = 0;
    long conflicts = 0;
    long ham = 0;
    long spam = 0;
    try (RecordReader reader = DatasetReaders.open(in, key, format, settings.readerLimits());
        ParquetWriter<Group> messages = ParquetFiles.writer(staged.file(MESSAGES), Schemas.RAW);
        Writer rejects = Files.newBufferedWriter(staged.file(REJECTS), StandardCharsets.UTF_8)) {
      while (reader.hasNext()) {
        read++;
        switch (reader.next()) {
          case ReadResult.Rejected(Reject reject) -> {
            rejected++;
            writeReject(rejects, reject);
          }
          case ReadResult.Unlabelled unlabelled -> throw unlabelled.unexpected(key);
          case ReadResult.Accepted(Message message, long row) -> {
            byte[] id =
                keySha.digest(
                    TextFeatures.dedupKey(message.text()).getBytes(StandardCharsets.UTF_8));
            ByteBuffer idBits = ByteBuffer.wrap(id);
            int earlier =
                seen.putIfAbsent(idBits.getLong(), idBits.getLong(), message.label().index());
            if (earlier >= 0) {
              duplicates++;
              if (earlier != message.label().index()) {
                conflicts++;
              }
              continue;
            }
            if (message.label() == Label.SPAM) {
              spam++;
            } else {
              ham++;
            }
            digests.add(message);
            messages.write(
                rows.newGroup()
                    .append(Schemas.ID, Hashes.hex(id))
                    .append(Schemas.TEXT, message.text())
                    .append(Schemas.LABEL, message.label().wireName())
                    .append(Schemas.SOURCE_KEY, key)
                    .append(Schemas.SOURCE_ROW, row));
          }
        }
      }
      // The reader stops at the last record; the source hash must cover every byte.
      in.transferTo(OutputStream.nullOutputStream());
    }
    DatasetStats counts = new DatasetStats(read, ham + spam, rejected, duplicates, conflicts);
    return new Pass(
        format,
        counts,
        new LabelCounts(ham, spam),
        digests.finish(),
        Hashes.hex(sourceSha.digest()),
        counted.count());
  }

  private static void writeReject(Writer out, Reject reject) throws IOException {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("row", reject.row());
    line.put("field", reject.field());
    line.put("reason", reject.reason());
    out.write(JSON_LINE.writeValueAsString(line));
    out.write('\n');
  }

  private IngestResult store(ObjectCreated event, ObjectInfo info, Pass pass, StagedFiles staged) {
    String key = event.key();
    String idSource = pass.labels().total() > 0 ? pass.contentHash() : pass.sourceSha256();
    DatasetRef dataset = new DatasetRef(idSource.substring(0, ID_HEX_DIGITS));
    String manifestKey = dataset.raw(DatasetRef.MANIFEST);
    if (store.stat(manifestKey).isPresent()) {
      return existing(key, info.etag(), dataset, true);
    }
    FileEntry messages =
        StagedFiles.upload(
            store,
            dataset.raw(MESSAGES),
            staged.file(MESSAGES),
            ParquetFiles.CONTENT_TYPE,
            pass.labels().total());
    FileEntry rejects =
        StagedFiles.upload(
            store,
            dataset.raw(REJECTS),
            staged.file(REJECTS),
            "application/x-ndjson",
            pass.counts().rejected());
    String reason = notTrainableReason(pass);
    RawManifest manifest =
        new RawManifest(
            RawManifest.FORMAT_VERSION,
            dataset.id(),
            new RawManifest.Source(
                event.bucket(), key, info.etag(), pass.sourceBytes(), pass.sourceSha256()),
            pass.format().name(),
            pass.counts(),
            pass.labels(),
            pass.contentHash(),
            reason.isEmpty(),
            reason,
            ParquetFiles.describe(Schemas.RAW),
            messages,
            rejects,
            clock.instant().toString());
    byte[] json = Manifests.toJson(manifest);
    if (store
        .putIfAbsent(
            manifestKey, new ByteArrayInputStream(json), json.length, "application/json", Map.of())
        .isEmpty()) {
      // Another delivery of the same content won the race; its manifest is the one that counts,
      // and writing it announced it.
      return existing(key, info.etag(), dataset, false);
    }
    LOG.info(
        "ingest: '{}' -> {} ({} read = {} accepted + {} rejected + {} duplicates){}",
        key,
        dataset.raw(""),
        pass.counts().read(),
        pass.counts().accepted(),
        pass.counts().rejected(),
        pass.counts().duplicates(),
        reason.isEmpty() ? "" : "; not trainable: " + reason);
    return new IngestResult(
        IngestResult.Status.INGESTED,
        key,
        Optional.of(dataset),
        pass.counts(),
        reason.isEmpty(),
        reason);
  }

  /**
   * The result for content ingested before. With {@code reannounce}, the raw manifest is written
   * again, byte for byte: its object-created notification is what starts curate, and an earlier run
   * may have stopped anywhere downstream (a crash, an event lost past its retries). Curate and each
   * stage after it find their own finished work and announce it again, or finish what was left;
   * nothing that completed runs twice.
   */
  private IngestResult existing(String key, String etag, DatasetRef dataset, boolean reannounce) {
    String manifestKey = dataset.raw(DatasetRef.MANIFEST);
    byte[] json = store.getBytes(manifestKey);
    RawManifest manifest = Manifests.fromJson(json, manifestKey, RawManifest.class);
    if (!manifest.source().key().equals(key) || !manifest.source().etag().equals(etag)) {
      // The same messages from another upload: recorded, so it is known as ingested later on.
      byte[] source = Manifests.toJson(new KnownSource(key, etag, dataset.id()));
      store.put(sourceKey(dataset, key), source, "application/json");
    }
    if (reannounce) {
      store.put(manifestKey, json, "application/json");
    }
    LOG.info(
        "ingest: '{}' holds the same messages as dataset {} (from '{}'); nothing to redo{}",
        key,
        dataset.id(),
        manifest.source().key(),
        reannounce ? ", its manifest announced again" : "");
    return new IngestResult(
        IngestResult.Status.ALREADY_INGESTED,
        key,
        Optional.of(dataset),
        manifest.counts(),
        manifest.trainable(),
        manifest.notTrainableReason());
  }

  private static String notTrainableReason(Pass pass) {
    LabelCounts labels = pass.labels();
    if (labels.total() == 0) {
      return pass.counts().read() == 0
          ? "the file holds no rows"
          : "no valid row: all " + pass.counts().rejected() + " rows were rejected";
    }
    if (labels.spam() == 0 || labels.ham() == 0) {
      return "only " + (labels.spam() == 0 ? "ham" : "spam") + " messages; training needs both";
    }
    return "";
  }
}
