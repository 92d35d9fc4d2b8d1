package dev.spamflow.pipeline.curate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.adapters.fs.FileSystemOnlineFeatureStore;
import dev.spamflow.core.data.DataSplit;
import dev.spamflow.core.data.DatasetLoader;
import dev.spamflow.core.data.Label;
import dev.spamflow.core.data.LoadedDataset;
import dev.spamflow.core.data.Message;
import dev.spamflow.core.data.Splitter;
import dev.spamflow.core.data.TestData;
import dev.spamflow.core.port.FeatureRow;
import dev.spamflow.core.port.ObjectInfo;
import dev.spamflow.core.text.Features;
import dev.spamflow.core.text.TextFeatures;
import dev.spamflow.lakehouse.MessageTables;
import dev.spamflow.pipeline.CuratedManifest;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.LabelCounts;
import dev.spamflow.pipeline.Manifests;
import dev.spamflow.pipeline.RecordingStore;
import dev.spamflow.pipeline.TestStores;
import dev.spamflow.pipeline.ingest.IngestFunction;
import dev.spamflow.pipeline.ingest.IngestResult;
import dev.spamflow.pipeline.ingest.IngestSettings;
import dev.spamflow.pipeline.parquet.ParquetFiles;
import dev.spamflow.pipeline.parquet.Schemas;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurateFunctionTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  private CurateSettings settings() {
    return CurateSettings.DEFAULT.withTempDirectory(dir.resolve("tmp"));
  }

  private DatasetRef ingest(FileSystemObjectStore store, String key, byte[] content) {
    IngestResult result =
        new IngestFunction(
                store,
                new IngestSettings(IngestSettings.DEFAULT.readerLimits(), dir.resolve("tmp")),
                CLOCK)
            .apply(TestStores.upload(store, key, content));
    return result.dataset().orElseThrow();
  }

  private DatasetRef ingestSms(FileSystemObjectStore store) {
    IngestResult result =
        new IngestFunction(
                store,
                new IngestSettings(IngestSettings.DEFAULT.readerLimits(), dir.resolve("tmp")),
                CLOCK)
            .apply(TestStores.upload(store, "inbox/SMSSpamCollection", TestData.sms()));
    return result.dataset().orElseThrow();
  }

  @Test
  void curatesTheSmsDatasetIntoAStratifiedSplitWithReferenceStats() {
    FileSystemObjectStore fs = TestStores.open(dir);
    DatasetRef dataset = ingestSms(fs);
    RecordingStore store = new RecordingStore(fs);
    LoadedDataset sms = DatasetLoader.load(List.of(TestData.sms()));
    DataSplit expected =
        Splitter.split(
            sms.messages(),
            Splitter.DEFAULT_VALIDATION_FRACTION,
            Splitter.DEFAULT_TEST_FRACTION,
            CurateSettings.DEFAULT_SEED);

    CurateResult result =
        new CurateFunction(store, settings(), CLOCK)
            .apply(DatasetRef.fromRawManifestKey(dataset.raw("manifest.json")));

    assertThat(result.status()).isEqualTo(CurateResult.Status.CURATED);
    assertThat(result.train()).isEqualTo(counts(expected.train()));
    assertThat(result.validation()).isEqualTo(counts(expected.validation()));
    assertThat(result.test()).isEqualTo(counts(expected.test()));
    // Stratified: each part's spam share is within a message of the whole set's.
    double spamShare = (double) counts(sms.messages()).spam() / sms.messages().size();
    for (LabelCounts part : List.of(result.train(), result.validation(), result.test())) {
      assertThat((double) part.spam() / part.total()).isCloseTo(spamShare, within(0.005));
    }
    assertThat(result.train().total() + result.validation().total() + result.test().total())
        .isEqualTo(5158);
    // The manifest is the last object written, so its presence means the folder is complete;
    // the Delta tables' files and commits come before it.
    assertThat(store.written().stream().filter(k -> k.startsWith("curated/")))
        .containsExactly(
            dataset.curated("train.parquet"),
            dataset.curated("validation.parquet"),
            dataset.curated("test.parquet"),
            dataset.curated(CurateFunction.REFERENCE_STATS),
            dataset.curated(DatasetRef.MANIFEST));
    assertThat(store.written().getLast()).isEqualTo(dataset.curated(DatasetRef.MANIFEST));
    assertThat(store.written())
        .contains(
            MessageTables.CURATED + "/_delta_log/00000000000000000000.json",
            MessageTables.FEATURES + "/_delta_log/00000000000000000000.json");

    CuratedManifest manifest =
        Manifests.read(store, dataset.curated(DatasetRef.MANIFEST), CuratedManifest.class);
    assertThat(manifest.seed()).isEqualTo(CurateSettings.DEFAULT_SEED);
    assertThat(manifest.parts().get(0).contentHash()).isEqualTo(expected.hashes().train());
    assertThat(manifest.parts().get(2).contentHash()).isEqualTo(expected.hashes().test());
    assertThat(manifest.tables())
        .isEqualTo(
            new CuratedManifest.Tables(
                new CuratedManifest.TableVersion(MessageTables.CURATED, 0),
                new CuratedManifest.TableVersion(MessageTables.FEATURES, 0)));
    // The curated table holds every message once, in its part, with the id the parts use.
    MessageTables tables = new MessageTables(fs);
    List<Map<String, Object>> tableRows = tables.curated().read(0);
    assertThat(tableRows).hasSize(5158);
    assertThat(tableRows.stream().filter(r -> r.get("part").equals("test")).count())
        .isEqualTo(expected.test().size());
    assertThat(tables.features().read(0))
        .hasSize(5158)
        .allMatch(r -> r.get("event_timestamp").equals(CLOCK.instant()));

    // The test part holds the cleaned texts of the expected test messages, with their features.
    List<String> texts = new ArrayList<>();
    Path test = TestStores.download(store, dataset.curated("test.parquet"), dir);
    long rows =
        ParquetFiles.forEach(
            test,
            "test",
            g -> {
              String text = g.getString(Schemas.TEXT, 0);
              texts.add(text);
              Features f = TextFeatures.features(text);
              assertThat(g.getInteger("text_length", 0)).isEqualTo(f.textLength());
              assertThat(g.getInteger(Schemas.TOKEN_COUNT, 0))
                  .isEqualTo(TextFeatures.tokens(text).size());
            });
    assertThat(rows).isEqualTo(expected.test().size());
    assertThat(texts)
        .containsExactlyElementsOf(
            expected.test().stream().map(m -> TextFeatures.clean(m.text())).toList());

    ReferenceStats stats =
        Manifests.read(
            store, dataset.curated(CurateFunction.REFERENCE_STATS), ReferenceStats.class);
    assertThat(stats.messages()).isEqualTo(expected.train().size());
    assertThat(stats.features().keySet()).containsExactlyElementsOf(Features.NAMES);
    assertThat(stats.labelShare().get("spam") + stats.labelShare().get("ham"))
        .isCloseTo(1.0, within(1e-9));
    ReferenceStats.FeatureStats length = stats.features().get("text_length");
    assertThat(length.quantiles().get("p50")).isBetween(length.min(), length.max());
    assertThat(length.histogram().counts().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(expected.train().size());
    assertThat(stats.tokenCount().counts().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(expected.train().size());
    assertThat(stats.topTokens()).hasSize(100);
    assertThat(stats.topTokens().getFirst().share()).isBetween(0.0, 1.0);
  }

  @Test
  void curatingTwiceChangesNothing() {
    FileSystemObjectStore store = TestStores.open(dir);
    DatasetRef dataset = ingestSms(store);
    CurateFunction curate = new CurateFunction(store, settings(), CLOCK);
    CurateResult first = curate.apply(dataset);
    Map<String, String> before = TestStores.snapshot(store);
    byte[] manifest = store.getBytes(dataset.curated(DatasetRef.MANIFEST));

    CurateResult again = curate.apply(dataset);

    assertThat(again.status()).isEqualTo(CurateResult.Status.ALREADY_CURATED);
    assertThat(again.train()).isEqualTo(first.train());
    assertThat(again.test()).isEqualTo(first.test());
    assertThat(store.getBytes(dataset.curated(DatasetRef.MANIFEST))).isEqualTo(manifest);
    assertThat(TestStores.snapshot(store)).isEqualTo(before);
  }

  @Test
  void aRedeliveryAfterTheTablesCommitAppendsNothingAndRecordsTheFirstVersions() {
    FileSystemObjectStore store = TestStores.open(dir);
    DatasetRef dataset = ingestSms(store);
    DatasetRef other = ingest(store, "inbox/small.tsv", utf8(smallTsv()));
    CurateFunction curate = new CurateFunction(store, settings(), CLOCK);
    curate.apply(dataset);
    curate.apply(other);
    // As if curate died after committing to the tables, before writing the dataset's manifest.
    store.delete(dataset.curated(DatasetRef.MANIFEST));

    CurateResult again = curate.apply(dataset);

    assertThat(again.status()).isEqualTo(CurateResult.Status.CURATED);
    CuratedManifest manifest =
        Manifests.read(store, dataset.curated(DatasetRef.MANIFEST), CuratedManifest.class);
    assertThat(manifest.tables().curated().version()).isZero();
    assertThat(manifest.tables().features().version()).isZero();
    MessageTables tables = new MessageTables(store);
    assertThat(tables.curated().latestVersion()).contains(1L);
    assertThat(tables.features().latestVersion()).contains(1L);
    assertThat(
            tables.curated().read(1).stream()
                .filter(r -> r.get("dataset_id").equals(dataset.id()))
                .count())
        .isEqualTo(5158);
  }

  @Test
  void theFeaturesAreMaterialisedOnlineOnceWithTheCurationTime() {
    FileSystemObjectStore store = TestStores.open(dir);
    FileSystemOnlineFeatureStore online = new FileSystemOnlineFeatureStore(dir.resolve("features"));
    DatasetRef dataset = ingest(store, "inbox/small.tsv", utf8(smallTsv()));
    CurateFunction curate = new CurateFunction(store, Optional.of(online), settings(), CLOCK);

    curate.apply(dataset);

    List<Map<String, Object>> table = new MessageTables(store).features().read(0);
    assertThat(table).hasSize(60);
    for (Map<String, Object> row : table) {
      FeatureRow stored =
          online
              .read(MessageTables.FEATURE_VIEW, (String) row.get("message_id"), Features.NAMES)
              .orElseThrow();
      assertThat(stored.eventTime()).isEqualTo(CLOCK.instant());
      for (String name : Features.NAMES) {
        assertThat(stored.values().get(name)).as(name).isEqualTo(row.get(name));
      }
    }
    // A redelivery after a crash before the manifest writes nothing new online.
    store.delete(dataset.curated(DatasetRef.MANIFEST));
    List<ObjectInfo> lakehouse = store.list("lakehouse/");
    assertThat(curate.apply(dataset).status()).isEqualTo(CurateResult.Status.CURATED);
    String someId = (String) table.getFirst().get("message_id");
    assertThat(
            online
                .read(MessageTables.FEATURE_VIEW, someId, Features.NAMES)
                .orElseThrow()
                .eventTime())
        .isEqualTo(CLOCK.instant());
    assertThat(store.list("lakehouse/")).isEqualTo(lakehouse);
  }

  @Test
  void withTheTablesOffNothingGoesToTheLakehouseAndTheManifestNamesNoTables() {
    FileSystemObjectStore store = TestStores.open(dir);
    DatasetRef dataset = ingest(store, "inbox/small.tsv", utf8(smallTsv()));

    CurateResult result =
        new CurateFunction(store, settings().withTables(false), CLOCK).apply(dataset);

    assertThat(result.status()).isEqualTo(CurateResult.Status.CURATED);
    assertThat(store.list("lakehouse/")).isEmpty();
    assertThat(
            Manifests.read(store, dataset.curated(DatasetRef.MANIFEST), CuratedManifest.class)
                .tables())
        .isNull();
  }

  private static String smallTsv() {
    StringBuilder tsv = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      tsv.append("ham\tsee you at ").append(i).append(" tonight\n");
      tsv.append("spam\tWIN a prize number ").append(i).append(" now\n");
    }
    return tsv.toString();
  }

  @Test
  void aSingleClassDatasetIsNotCurated() {
    FileSystemObjectStore store = TestStores.open(dir);
    DatasetRef dataset =
        ingest(store, "inbox/ham.tsv", utf8("ham\thello\nham\tsee you\nham\tok then\n"));

    CurateResult result = new CurateFunction(store, settings(), CLOCK).apply(dataset);

    assertThat(result.status()).isEqualTo(CurateResult.Status.NOT_CURATABLE);
    assertThat(result.detail()).contains("only ham");
    assertOnlyTheVerdict(store, dataset, "only ham");
  }

  @Test
  void tooFewMessagesOfALabelAreNotCurated() {
    FileSystemObjectStore store = TestStores.open(dir);
    StringBuilder tsv = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      tsv.append("ham\tmessage number ").append(i).append('\n');
    }
    tsv.append("spam\tWIN a prize now\nspam\tFREE entry txt 80082\n");
    DatasetRef dataset = ingest(store, "inbox/few.tsv", utf8(tsv.toString()));

    CurateResult result = new CurateFunction(store, settings(), CLOCK).apply(dataset);

    assertThat(result.status()).isEqualTo(CurateResult.Status.NOT_CURATABLE);
    assertThat(result.detail()).contains("too few spam messages (2)");
    assertOnlyTheVerdict(store, dataset, "too few spam messages (2)");
  }

  @Test
  void aStaleVerdictIsRemovedWhenTheDatasetIsCurated() throws Exception {
    FileSystemObjectStore store = TestStores.open(dir);
    List<String> lines = Files.readAllLines(TestData.sms(), StandardCharsets.UTF_8);
    DatasetRef dataset =
        ingest(store, "inbox/sms.tsv", utf8(String.join("\n", lines.subList(0, 600))));
    // Left by an earlier decision under other settings (too few of a label, say).
    store.put(dataset.curated(CurateFunction.NOT_CURATABLE), utf8("{}"), "application/json");

    CurateResult result = new CurateFunction(store, settings(), CLOCK).apply(dataset);

    assertThat(result.status()).isEqualTo(CurateResult.Status.CURATED);
    assertThat(store.stat(dataset.curated(CurateFunction.NOT_CURATABLE))).isEmpty();
  }

  /** Nothing curated: only the verdict, which a recovery scan reads as the end of the chain. */
  private static void assertOnlyTheVerdict(
      FileSystemObjectStore store, DatasetRef dataset, String reason) {
    assertThat(store.list("curated/"))
        .extracting(ObjectInfo::key)
        .containsExactly(dataset.curated(CurateFunction.NOT_CURATABLE));
    CurateFunction.NotCuratable verdict =
        Manifests.read(
            store,
            dataset.curated(CurateFunction.NOT_CURATABLE),
            CurateFunction.NotCuratable.class);
    assertThat(verdict.datasetId()).isEqualTo(dataset.id());
    assertThat(verdict.reason()).contains(reason);
  }

  @Test
  void aDatasetWithoutRawManifestIsReported() {
    FileSystemObjectStore store = TestStores.open(dir);

    CurateResult result =
        new CurateFunction(store, settings(), CLOCK).apply(new DatasetRef("0123456789abcdef"));

    assertThat(result.status()).isEqualTo(CurateResult.Status.RAW_MISSING);
    assertThat(result.detail()).contains("raw/0123456789abcdef/manifest.json");
    assertThat(store.list("")).isEmpty();
  }

  private static LabelCounts counts(List<Message> messages) {
    long spam = messages.stream().filter(m -> m.label() == Label.SPAM).count();
    return new LabelCounts(messages.size() - spam, spam);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
