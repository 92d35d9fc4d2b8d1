package dev.spamflow.pipeline.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spamflow.adapters.fs.FileSystemConfig;
import dev.spamflow.adapters.fs.FileSystemModelRegistry;
import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.core.data.TestData;
import dev.spamflow.events.DatasetCurated;
import dev.spamflow.events.DatasetIngested;
import dev.spamflow.events.EventTypes;
import dev.spamflow.events.SpamflowEvents;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.ObjectCreated;
import dev.spamflow.pipeline.TestStores;
import dev.spamflow.pipeline.curate.CurateFunction;
import dev.spamflow.pipeline.curate.CurateResult;
import dev.spamflow.pipeline.curate.CurateSettings;
import dev.spamflow.pipeline.ingest.IngestFunction;
import dev.spamflow.pipeline.ingest.IngestResult;
import dev.spamflow.pipeline.ingest.IngestSettings;
import dev.spamflow.pipeline.register.RegisterFunction;
import dev.spamflow.pipeline.register.RegisterSettings;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CloudEvent edge of ingest and curate, called directly on the embedded store. */
class EventHandlersTest {
  @TempDir Path temp;

  private FileSystemObjectStore store;
  private IngestEventHandler ingest;
  private CurateEventHandler curate;

  @BeforeEach
  void setUp() {
    store = TestStores.open(temp);
    ingest =
        new IngestEventHandler(
            new IngestFunction(
                store, new IngestSettings(IngestSettings.DEFAULT.readerLimits(), temp)),
            store);
    curate =
        new CurateEventHandler(
            new CurateFunction(store, CurateSettings.DEFAULT.withTempDirectory(temp)), store);
  }

  private static CloudEvent objectCreated(String id, String key, String record) {
    return CloudEventBuilder.v1()
        .withId(id)
        .withType(EventTypes.S3_OBJECT_CREATED_PUT)
        .withSource(URI.create("minio:s3..uploads"))
        .withSubject(key)
        .withDataContentType("application/json")
        .withData(record.getBytes(StandardCharsets.UTF_8))
        .build();
  }

  @Test
  void anS3EventIsReadFromItsSubjectAndRecord() {
    ObjectCreated created =
        S3ObjectEvents.toObjectCreated(
            objectCreated(
                "r1",
                "inbox/a b.csv",
                "{\"s3\":{\"bucket\":{\"name\":\"spamflow\"},"
                    + "\"object\":{\"key\":\"inbox%2Fa+b.csv\",\"eTag\":\"e\",\"size\":7}}}"));

    // The key comes from the subject, which the bridge already decoded.
    assertThat(created).isEqualTo(new ObjectCreated("spamflow", "inbox/a b.csv", "e", 7));
    assertThat(S3ObjectEvents.toObjectCreated(objectCreated("r2", "inbox/x", "{}")).bucket())
        .isEqualTo("uploads");
  }

  @Test
  void eventsThatAreNoObjectCreationAreInvalid() {
    CloudEvent noSubject =
        CloudEventBuilder.v1()
            .withId("r3")
            .withType(EventTypes.S3_OBJECT_CREATED_PUT)
            .withSource(URI.create("minio:s3..spamflow"))
            .build();
    CloudEvent removed =
        CloudEventBuilder.v1(objectCreated("r4", "inbox/x", "{}"))
            .withType("com.amazonaws.s3.ObjectRemoved:Delete")
            .build();

    assertThatThrownBy(() -> S3ObjectEvents.toObjectCreated(noSubject))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("no subject");
    assertThatThrownBy(() -> ingest.handle(removed))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("ObjectRemoved");
    assertThatThrownBy(() -> curate.handle(objectCreated("r5", "inbox/x", "{}")))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("raw manifest");
  }

  @Test
  void ingestThenCurateAnswerWithEventsWhoseIdsDeriveFromTheInput() {
    TestStores.upload(store, "inbox/sms.tsv", TestData.sms());

    StageReply<IngestResult> ingested = ingest.handle(objectCreated("up-1", "inbox/sms.tsv", "{}"));

    CloudEvent ingestedEvent = ingested.event().orElseThrow();
    assertThat(ingestedEvent.getId()).isEqualTo("up-1.ingest");
    assertThat(ingestedEvent.getSource()).hasToString("/spamflow/ingest");
    DatasetIngested data = SpamflowEvents.read(ingestedEvent, DatasetIngested.class);
    DatasetRef dataset = ingested.result().dataset().orElseThrow();
    assertThat(data.datasetId()).isEqualTo(dataset.id());
    assertThat(data.bucket()).isEqualTo("uploads");

    StageReply<CurateResult> curated =
        curate.handle(objectCreated("raw-1", dataset.raw(DatasetRef.MANIFEST), "{}"));

    assertThat(curated.result().status()).isEqualTo(CurateResult.Status.CURATED);
    CloudEvent curatedEvent = curated.event().orElseThrow();
    assertThat(curatedEvent.getId()).isEqualTo("raw-1.curate");
    assertThat(SpamflowEvents.read(curatedEvent, DatasetCurated.class).manifestKey())
        .isEqualTo(dataset.curated(DatasetRef.MANIFEST));

    // A redelivery: the same output id, nothing written.
    Map<String, String> before = TestStores.snapshot(store);
    assertThat(
            curate.handle(objectCreated("raw-1", dataset.raw(DatasetRef.MANIFEST), "{}")).event())
        .map(CloudEvent::getId)
        .contains("raw-1.curate");
    assertThat(TestStores.snapshot(store)).isEqualTo(before);
  }

  @Test
  void anObjectThatIsGoneAnswersWithoutAnEvent() {
    StageReply<IngestResult> reply = ingest.handle(objectCreated("gone", "inbox/none.tsv", "{}"));

    assertThat(reply.result().status()).isEqualTo(IngestResult.Status.SOURCE_MISSING);
    assertThat(reply.event()).isEmpty();
  }

  @Test
  void trainAndRegisterTakeOnlyTheirTypes() {
    CloudEvent upload = objectCreated("u", "inbox/x", "{}");

    assertThatThrownBy(() -> TrainEventHandler.dataset(upload))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining(EventTypes.DATASET_CURATED);
    assertThatThrownBy(
            () ->
                new RegisterEventHandler(
                        new RegisterFunction(
                            store,
                            FileSystemModelRegistry.create(new FileSystemConfig(temp)),
                            FileSystemModelRegistry.create(new FileSystemConfig(temp)),
                            RegisterSettings.DEFAULT))
                    .handle(upload))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining(EventTypes.MODEL_TRAINED);
  }
}
