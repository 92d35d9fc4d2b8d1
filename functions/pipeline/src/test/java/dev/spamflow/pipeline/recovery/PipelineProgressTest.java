package dev.spamflow.pipeline.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.adapters.fs.FileSystemModelRegistry;
import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.core.data.TestData;
import dev.spamflow.core.port.Run;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.TestStores;
import dev.spamflow.pipeline.curate.CurateFunction;
import dev.spamflow.pipeline.curate.CurateSettings;
import dev.spamflow.pipeline.ingest.IngestFunction;
import dev.spamflow.pipeline.ingest.IngestSettings;
import dev.spamflow.pipeline.recovery.PipelineProgress.Chain;
import dev.spamflow.pipeline.recovery.PipelineProgress.Stage;
import dev.spamflow.pipeline.register.RegisterFunction;
import dev.spamflow.pipeline.train.TrainFunction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How far a chain got, read back from what each stage leaves in the store and the registry. */
class PipelineProgressTest {

  @TempDir Path dir;

  private FileSystemObjectStore store;
  private FileSystemModelRegistry registry;

  @BeforeEach
  void open() {
    store = TestStores.open(dir);
    registry = new FileSystemModelRegistry(dir.resolve("registry"));
  }

  @Test
  void followsOneChainFromUploadToVerdict() {
    TestStores.upload(store, "inbox/sms.tsv", TestData.sms());
    assertThat(only().stage()).isEqualTo(Stage.UPLOADED);
    assertThat(only().object()).isPresent();
    assertThat(only().describe()).isEqualTo("inbox/sms.tsv: uploaded, not ingested");

    DatasetRef dataset = ingest("inbox/sms.tsv");
    assertThat(only().stage()).isEqualTo(Stage.INGESTED);
    assertThat(only().dataset()).contains(dataset);
    assertThat(only().describe())
        .isEqualTo("dataset " + dataset.id() + " (inbox/sms.tsv): ingested, not curated");

    new CurateFunction(store, curateSettings()).apply(dataset);
    assertThat(only().stage()).isEqualTo(Stage.CURATED);

    Run search = registry.startRun("spamflow-training", Optional.empty(), Map.of());
    put(
        TrainFunction.startedKey(dataset),
        "{\"runId\":\""
            + search.id()
            + "\",\"attempt\":1,\"startedAt\":\"2026-12-01T00:00:00Z\","
            + "\"heartbeatAt\":\"2026-12-01T00:00:00Z\",\"trialRunIds\":[]}");
    assertThat(only().stage()).isEqualTo(Stage.TRAINING_STARTED);

    put(
        TrainFunction.resultKey(dataset),
        "{\"runId\":\""
            + search.id()
            + "\",\"bestTrialRunId\":\"x\",\"bundleUri\":\"runs:/x\","
            + "\"metrics\":{},\"params\":{},\"trials\":1}");
    assertThat(only().stage()).isEqualTo(Stage.TRAINED);
    assertThat(only().stage().finished()).isFalse();

    registry.setTags(search.id(), Map.of(RegisterFunction.OUTCOME_TAG, "promoted"));
    assertThat(only().stage()).isEqualTo(Stage.DECIDED);
    assertThat(only().stage().finished()).isTrue();

    // The same messages uploaded under another name are the same dataset, not a new upload.
    TestStores.upload(store, "inbox/copy.tsv", TestData.sms());
    assertThat(PipelineProgress.scan(store, registry))
        .extracting(Chain::stage)
        .containsExactly(Stage.DECIDED, Stage.UPLOADED);
    ingest("inbox/copy.tsv");
    assertThat(only().stage()).isEqualTo(Stage.DECIDED);
  }

  @Test
  void anUntrainableDatasetIsFinishedAndNewBytesUnderAKnownKeyAreNot() {
    TestStores.upload(store, "inbox/ham.tsv", utf8("ham\thi mum\nham\tsee you\n"));
    ingest("inbox/ham.tsv");
    assertThat(only().stage()).isEqualTo(Stage.NOT_TRAINABLE);
    assertThat(only().stage().finished()).isTrue();

    // Other bytes under the same key: the raw manifest names the old ETag, so this one is new.
    TestStores.upload(store, "inbox/ham.tsv", utf8("ham\thi dad\nspam\tWIN now\n"));
    assertThat(PipelineProgress.scan(store, registry))
        .extracting(Chain::stage)
        .containsExactly(Stage.NOT_TRAINABLE, Stage.UPLOADED);
  }

  @Test
  void aDatasetCurateCannotSplitEndsItsChain() {
    StringBuilder tsv = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      tsv.append("ham\tmessage number ").append(i).append('\n');
    }
    tsv.append("spam\tWIN a prize now\nspam\tFREE entry txt 80082\n");
    TestStores.upload(store, "inbox/few.tsv", utf8(tsv.toString()));
    DatasetRef dataset = ingest("inbox/few.tsv");
    assertThat(only().stage()).isEqualTo(Stage.INGESTED);

    new CurateFunction(store, curateSettings()).apply(dataset);

    // Not resumed at every start: curate's verdict ends the chain.
    assertThat(only().stage()).isEqualTo(Stage.NOT_CURATABLE);
    assertThat(only().stage().finished()).isTrue();
  }

  private Chain only() {
    List<Chain> chains = PipelineProgress.scan(store, registry);
    assertThat(chains).hasSize(1);
    return chains.getFirst();
  }

  private void put(String key, String json) {
    store.put(key, utf8(json), "application/json");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private DatasetRef ingest(String key) {
    return new IngestFunction(
            store, new IngestSettings(IngestSettings.DEFAULT.readerLimits(), dir.resolve("tmp")))
        .apply(TestStores.upload(store, key, store.getBytes(key)))
        .dataset()
        .orElseThrow();
  }

  private CurateSettings curateSettings() {
    return CurateSettings.DEFAULT.withTempDirectory(dir.resolve("tmp"));
  }
}
