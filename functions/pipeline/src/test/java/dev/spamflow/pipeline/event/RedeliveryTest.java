package dev.spamflow.pipeline.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.adapters.fs.FileSystemModelRegistry;
import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.core.data.TestData;
import dev.spamflow.core.port.ObjectInfo;
import dev.spamflow.events.DatasetIngested;
import dev.spamflow.events.EventTypes;
import dev.spamflow.events.ModelTrained;
import dev.spamflow.events.SpamflowEvents;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.TestStores;
import dev.spamflow.pipeline.curate.CurateFunction;
import dev.spamflow.pipeline.curate.CurateResult;
import dev.spamflow.pipeline.curate.CurateSettings;
import dev.spamflow.pipeline.ingest.IngestFunction;
import dev.spamflow.pipeline.ingest.IngestResult;
import dev.spamflow.pipeline.ingest.IngestSettings;
import dev.spamflow.pipeline.register.RegisterFunction;
import dev.spamflow.pipeline.register.RegisterResult;
import dev.spamflow.pipeline.register.RegisterSettings;
import dev.spamflow.pipeline.train.TrainFunction;
import dev.spamflow.pipeline.train.TrainResult;
import dev.spamflow.pipeline.train.TrainingFixtures;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every event type delivered three more times after its chain completed: each stage changes nothing
 * (no second run, version or promotion; the store as it was, but for the raw manifest ingest writes
 * again, byte for byte) and announces its output again, with the same event id.
 */
class RedeliveryTest {

  @TempDir Path dir;

  @Test
  void redeliveringEveryEventTypeThreeTimesChangesNothingAndReannounces() throws IOException {
    FileSystemObjectStore store = TestStores.open(dir);
    FileSystemModelRegistry registry = new FileSystemModelRegistry(dir.resolve("registry"));
    Path temp = dir.resolve("tmp");
    IngestEventHandler ingest =
        new IngestEventHandler(
            new IngestFunction(
                store, new IngestSettings(IngestSettings.DEFAULT.readerLimits(), temp)),
            store);
    CurateEventHandler curate =
        new CurateEventHandler(
            new CurateFunction(store, CurateSettings.DEFAULT.withTempDirectory(temp)), store);
    TrainEventHandler train =
        new TrainEventHandler(
            new TrainFunction(store, registry, TrainingFixtures.tinySearch(1, temp)));
    RegisterSettings r = RegisterSettings.DEFAULT;
    RegisterEventHandler register =
        new RegisterEventHandler(
            new RegisterFunction(
                store,
                registry,
                registry,
                new RegisterSettings(
                    r.model(), r.alias(), r.f1Tolerance(), r.blockedHamCeiling(), temp)));
    List<String> lines = Files.readAllLines(TestData.sms(), StandardCharsets.UTF_8);
    byte[] file = String.join("\n", lines.subList(0, 1000)).getBytes(StandardCharsets.UTF_8);
    ObjectInfo upload = store.put("inbox/sms.tsv", file, "text/tab-separated-values");

    CloudEvent uploaded = objectCreated("upload-1", upload.key());
    CloudEvent ingested = ingest.handle(uploaded).event().orElseThrow();
    DatasetRef dataset =
        new DatasetRef(SpamflowEvents.read(ingested, DatasetIngested.class).datasetId());
    CloudEvent rawManifest = objectCreated("raw-1", dataset.raw(DatasetRef.MANIFEST));
    CloudEvent curated = curate.handle(rawManifest).event().orElseThrow();
    CloudEvent trained = train.handle(curated).event().orElseThrow();
    StageReply<RegisterResult> decided = register.handle(trained);
    CloudEvent promoted = decided.event().orElseThrow();
    assertThat(promoted.getType()).isEqualTo(EventTypes.MODEL_PROMOTED);
    Map<String, String> before = TestStores.snapshot(store);
    int runs = runCount();
    String rawKey = dataset.raw(DatasetRef.MANIFEST);

    for (int round = 0; round < 3; round++) {
      StageReply<IngestResult> again = ingest.handle(uploaded);
      assertThat(again.result().status()).isEqualTo(IngestResult.Status.ALREADY_INGESTED);
      assertThat(again.event().orElseThrow().getId()).isEqualTo(ingested.getId());

      StageReply<CurateResult> curatedAgain = curate.handle(rawManifest);
      assertThat(curatedAgain.result().status()).isEqualTo(CurateResult.Status.ALREADY_CURATED);
      assertThat(curatedAgain.event().orElseThrow().getId()).isEqualTo(curated.getId());

      StageReply<TrainResult> trainedAgain = train.handle(curated);
      assertThat(trainedAgain.result().status()).isEqualTo(TrainResult.Status.ALREADY_TRAINED);
      assertThat(trainedAgain.event().orElseThrow().getId()).isEqualTo(trained.getId());
      // The same data (read back from training/<id>/result.json; map order may differ).
      assertThat(SpamflowEvents.read(trainedAgain.event().orElseThrow(), ModelTrained.class))
          .isEqualTo(SpamflowEvents.read(trained, ModelTrained.class));

      StageReply<RegisterResult> decidedAgain = register.handle(trained);
      assertThat(decidedAgain.result().repeated()).isTrue();
      assertThat(decidedAgain.event().orElseThrow().getId()).isEqualTo(promoted.getId());
      assertThat(decidedAgain.event().orElseThrow().getType()).isEqualTo(EventTypes.MODEL_PROMOTED);
    }

    assertThat(registry.versions(r.model())).hasSize(1);
    assertThat(registry.versionByAlias(r.model(), r.alias()).orElseThrow().version()).isEqualTo(1);
    assertThat(runCount()).isEqualTo(runs);
    Map<String, String> after = TestStores.snapshot(store);
    assertThat(after.keySet()).isEqualTo(before.keySet());
    after.remove(rawKey);
    before.remove(rawKey);
    assertThat(after).isEqualTo(before);
  }

  private int runCount() throws IOException {
    try (Stream<Path> runs = Files.list(dir.resolve("registry/runs"))) {
      return (int) runs.count();
    }
  }

  private static CloudEvent objectCreated(String id, String key) {
    return CloudEventBuilder.v1()
        .withId(id)
        .withType(EventTypes.S3_OBJECT_CREATED_PUT)
        .withSource(URI.create("minio:s3..spamflow"))
        .withSubject(key)
        .withDataContentType("application/json")
        .withData("{}".getBytes(StandardCharsets.UTF_8))
        .build();
  }
}
