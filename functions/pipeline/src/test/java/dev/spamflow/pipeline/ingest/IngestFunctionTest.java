package dev.spamflow.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.core.data.DatasetLoader;
import dev.spamflow.core.data.DatasetStats;
import dev.spamflow.core.data.Label;
import dev.spamflow.core.data.LoadedDataset;
import dev.spamflow.core.data.Message;
import dev.spamflow.core.data.TestData;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.Manifests;
import dev.spamflow.pipeline.ObjectCreated;
import dev.spamflow.pipeline.RawManifest;
import dev.spamflow.pipeline.RecordingStore;
import dev.spamflow.pipeline.TestStores;
import dev.spamflow.pipeline.parquet.ParquetFiles;
import dev.spamflow.pipeline.parquet.Schemas;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestFunctionTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  private static LoadedDataset sms;

  @TempDir Path dir;

  @BeforeAll
  static void loadReference() {
    sms = DatasetLoader.load(List.of(TestData.sms()));
  }

  private IngestFunction ingest(ObjectStore store) {
    return new IngestFunction(
        store,
        new IngestSettings(IngestSettings.DEFAULT.readerLimits(), dir.resolve("tmp")),
        CLOCK);
  }

  @Test
  void ingestsTheSmsCollectionDeduplicatedIntoParquet() throws Exception {
    FileSystemObjectStore fs = TestStores.open(dir);
    ObjectCreated event = TestStores.upload(fs, "inbox/SMSSpamCollection", TestData.sms());
    RecordingStore store = new RecordingStore(fs);

    IngestResult result = ingest(store).apply(event);

    assertThat(result.status()).isEqualTo(IngestResult.Status.INGESTED);
    assertThat(result.counts().read()).isEqualTo(5574);
    assertThat(result.counts().accepted()).isEqualTo(5158);
    assertThat(result.counts().rejected()).isZero();
    assertThat(result.counts().duplicates()).isEqualTo(416);
    assertThat(result.trainable()).isTrue();
    DatasetRef dataset = result.dataset().orElseThrow();
    // The manifest is the last object written, so its presence means the folder is complete.
    assertThat(store.written())
        .containsExactly(
            dataset.raw(IngestFunction.MESSAGES),
            dataset.raw(IngestFunction.REJECTS),
            dataset.raw(DatasetRef.MANIFEST));
    RawManifest manifest =
        Manifests.read(store, dataset.raw(DatasetRef.MANIFEST), RawManifest.class);
    // One content hash: the streaming ingest and the CLI's loader agree on the same file.
    assertThat(manifest.contentHash()).hasSize(64).isEqualTo(sms.contentHash());
    assertThat(dataset.id())
        .isEqualTo(manifest.contentHash().substring(0, IngestFunction.ID_HEX_DIGITS));
    assertThat(manifest.format()).isEqualTo("SMS_TSV");
    assertThat(manifest.source().key()).isEqualTo("inbox/SMSSpamCollection");
    assertThat(manifest.source().etag()).isEqualTo(event.etag());
    // Size and SHA-256 of the bytes as uploaded, counted and hashed while the file was read.
    assertThat(manifest.source().size()).isEqualTo(Files.size(TestData.sms()));
    assertThat(manifest.source().sha256())
        .isEqualTo(
            HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(TestData.sms()))));
    assertThat(manifest.createdAt()).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(manifest.counts()).isEqualTo(sms.stats());

    // Parquet gives back exactly the distinct messages, in file order, with their source rows.
    List<Message> rows = new ArrayList<>();
    List<Long> sourceRows = new ArrayList<>();
    Path local = TestStores.download(store, dataset.raw(IngestFunction.MESSAGES), dir);
    ParquetFiles.forEach(
        local,
        "messages",
        g -> {
          rows.add(
              new Message(
                  g.getString(Schemas.TEXT, 0),
                  Label.parse(g.getString(Schemas.LABEL, 0)).orElseThrow()));
          sourceRows.add(g.getLong(Schemas.SOURCE_ROW, 0));
          assertThat(g.getString(Schemas.SOURCE_KEY, 0)).isEqualTo("inbox/SMSSpamCollection");
          assertThat(g.getString(Schemas.ID, 0)).hasSize(64);
        });
    assertThat(rows).isEqualTo(sms.messages());
    assertThat(sourceRows.getFirst()).isEqualTo(1L);
    assertThat(sourceRows).isSorted();
    assertThat(manifest.messages().rows()).isEqualTo(5158);
    assertThat(store.getBytes(dataset.raw(IngestFunction.REJECTS))).isEmpty();
  }

  @Test
  void ingestsTheEmailCsvWithTheSameCountsAsTheLoader() {
    FileSystemObjectStore store = TestStores.open(dir);
    ObjectCreated event = TestStores.upload(store, "inbox/email/train.csv", TestData.email());
    LoadedDataset email = DatasetLoader.load(List.of(TestData.email()));

    IngestResult result = ingest(store).apply(event);

    assertThat(result.status()).isEqualTo(IngestResult.Status.INGESTED);
    assertThat(result.counts()).isEqualTo(email.stats());
    DatasetStats c = result.counts();
    assertThat(c.read()).isEqualTo(c.accepted() + c.rejected() + c.duplicates());
    RawManifest manifest =
        Manifests.read(
            store, result.dataset().orElseThrow().raw(DatasetRef.MANIFEST), RawManifest.class);
    assertThat(manifest.format()).isEqualTo("CSV");
  }

  @Test
  void theSameUploadTwiceChangesNothingAndAnnouncesTheRawManifestAgain() {
    FileSystemObjectStore files = TestStores.open(dir);
    ObjectCreated event = TestStores.upload(files, "inbox/SMSSpamCollection", TestData.sms());
    RecordingStore store = new RecordingStore(files);
    IngestFunction ingest = ingest(store);
    IngestResult first = ingest.apply(event);
    DatasetRef dataset = first.dataset().orElseThrow();
    String manifestKey = dataset.raw(DatasetRef.MANIFEST);
    byte[] manifest = store.getBytes(manifestKey);
    Map<String, String> before = TestStores.snapshot(store);
    int writes = store.written().size();

    IngestResult again = ingest.apply(event);

    assertThat(again.status()).isEqualTo(IngestResult.Status.ALREADY_INGESTED);
    assertThat(again.dataset()).contains(dataset);
    assertThat(again.counts()).isEqualTo(first.counts());
    // The manifest is written once more, byte for byte: its notification is what makes curate
    // (and each stage after it) check its own work, so a chain cut short downstream resumes.
    assertThat(store.written().subList(writes, store.written().size()))
        .containsExactly(manifestKey);
    assertThat(store.getBytes(manifestKey)).isEqualTo(manifest);
    Map<String, String> after = TestStores.snapshot(store);
    assertThat(after.keySet()).isEqualTo(before.keySet());
    assertThat(store.stat(manifestKey).orElseThrow().etag())
        .isEqualTo(files.stat(manifestKey).orElseThrow().etag());
    String etagBefore = before.get(manifestKey);
    assertThat(after.get(manifestKey))
        .startsWith(etagBefore.substring(0, etagBefore.indexOf('@') + 1));
    after.remove(manifestKey);
    before.remove(manifestKey);
    assertThat(after).isEqualTo(before);
  }

  @Test
  void theSameMessagesUnderAnotherNameAndOrderAreRecognised() {
    FileSystemObjectStore store = TestStores.open(dir);
    IngestFunction ingest = ingest(store);
    DatasetRef first =
        ingest
            .apply(TestStores.upload(store, "inbox/a.tsv", utf8("spam\tWIN now\nham\thi mum\n")))
            .dataset()
            .orElseThrow();

    IngestResult second =
        ingest.apply(
            TestStores.upload(
                store, "inbox/b.tsv", utf8("ham\thi mum\nspam\tWIN now\nham\tHi  mum\n")));

    assertThat(second.status()).isEqualTo(IngestResult.Status.ALREADY_INGESTED);
    assertThat(second.dataset()).contains(first);
    // Parts, manifest and a record that inbox/b.tsv holds the same messages (for recovery scans).
    assertThat(store.list("raw/")).hasSize(4);
    IngestFunction.KnownSource known =
        Manifests.read(
            store,
            IngestFunction.sourceKey(first, "inbox/b.tsv"),
            IngestFunction.KnownSource.class);
    assertThat(known.key()).isEqualTo("inbox/b.tsv");
    assertThat(known.datasetId()).isEqualTo(first.id());
    assertThat(known.etag()).isEqualTo(store.stat("inbox/b.tsv").orElseThrow().etag());
  }

  @Test
  void aFileOfOnlyBadRowsIsAnUntrainableDatasetOfRejects() throws Exception {
    FileSystemObjectStore store = TestStores.open(dir);
    ObjectCreated event =
        TestStores.upload(store, "inbox/bad.tsv", utf8("maybe\thello\nspam\t\nperhaps\tbye\n"));

    IngestResult result = ingest(store).apply(event);

    assertThat(result.status()).isEqualTo(IngestResult.Status.INGESTED);
    assertThat(result.trainable()).isFalse();
    assertThat(result.detail()).contains("all 3 rows were rejected");
    assertThat(result.counts()).isEqualTo(new DatasetStats(3, 0, 3, 0, 0));
    DatasetRef dataset = result.dataset().orElseThrow();
    String[] lines =
        new String(store.getBytes(dataset.raw(IngestFunction.REJECTS)), StandardCharsets.UTF_8)
            .split("\n");
    assertThat(lines).hasSize(3);
    JsonNode first = new ObjectMapper().readTree(lines[0]);
    assertThat(first.get("row").asLong()).isEqualTo(1);
    assertThat(first.get("field").asText()).isEqualTo("label");
    assertThat(first.get("reason").asText()).contains("maybe");
    assertThat(new ObjectMapper().readTree(lines[1]).get("field").asText()).isEqualTo("text");
    RawManifest manifest =
        Manifests.read(store, dataset.raw(DatasetRef.MANIFEST), RawManifest.class);
    assertThat(manifest.trainable()).isFalse();
    assertThat(manifest.messages().rows()).isZero();
  }

  @Test
  void aSingleLabelFileIsIngestedButNotTrainable() {
    FileSystemObjectStore store = TestStores.open(dir);

    IngestResult result =
        ingest(store)
            .apply(
                TestStores.upload(
                    store, "inbox/ham.jsonl", utf8("{\"text\":\"hi\",\"label\":\"ham\"}\n")));

    assertThat(result.status()).isEqualTo(IngestResult.Status.INGESTED);
    assertThat(result.trainable()).isFalse();
    assertThat(result.detail()).contains("only ham");
  }

  @Test
  void aMissingObjectIsReportedWithoutAnException() {
    FileSystemObjectStore store = TestStores.open(dir);

    IngestResult result =
        ingest(store).apply(new ObjectCreated(TestStores.BUCKET, "inbox/gone.tsv", "\"x\"", 10));

    assertThat(result.status()).isEqualTo(IngestResult.Status.SOURCE_MISSING);
    assertThat(result.detail()).contains("inbox/gone.tsv");
    assertThat(result.dataset()).isEmpty();
    assertThat(result.trainable()).isFalse();
    assertThat(store.list("")).isEmpty();
  }

  @Test
  void aFileOfUnknownFormatIsReportedAndNothingWritten() {
    FileSystemObjectStore store = TestStores.open(dir);
    ObjectCreated event = TestStores.upload(store, "inbox/notes.txt", utf8("just some words\n"));

    IngestResult result = ingest(store).apply(event);

    assertThat(result.status()).isEqualTo(IngestResult.Status.UNREADABLE);
    assertThat(result.detail()).contains("inbox/notes.txt");
    assertThat(store.list("raw/")).isEmpty();
  }

  @Test
  void aKeyOutsideTheInboxIsRefusedByName() {
    FileSystemObjectStore store = TestStores.open(dir);

    assertThatThrownBy(
            () -> ingest(store).apply(new ObjectCreated(TestStores.BUCKET, "raw/x/y.csv", "", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("raw/x/y.csv");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
