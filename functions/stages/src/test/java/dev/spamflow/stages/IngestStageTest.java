package dev.spamflow.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.events.DatasetIngested;
import dev.spamflow.events.EventTypes;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** The {@code ingest} function through Spring Cloud Function. */
@SpringBootTest(properties = "spring.cloud.function.definition=ingest")
class IngestStageTest extends StageTestBase {

  @Override
  String stage() {
    return "ingest";
  }

  @Test
  void anUploadIsIngestedAndARedeliveryChangesNothing() {
    store.put("inbox/sms ingest é.tsv", sms(0, 300), "text/tab-separated-values");
    CloudEvent upload = objectCreated(id("ingest-binary"), "inbox/sms ingest é.tsv");

    assertAcknowledged(deliverBinary(upload));

    DatasetIngested data = published(id("ingest-binary") + ".ingest", DatasetIngested.class);
    assertThat(data.sourceKey()).isEqualTo("inbox/sms ingest é.tsv");
    assertThat(data.counts().read()).isEqualTo(300);
    assertThat(data.counts().accepted()).isPositive();
    assertThat(SINK.withId(id("ingest-binary") + ".ingest").getFirst().getType())
        .isEqualTo(EventTypes.DATASET_INGESTED);

    Map<String, String> before = snapshot();
    assertAcknowledged(deliverBinary(upload));
    // The same input id gives the same output id, so the broker's consumers deduplicate it.
    assertThat(SINK.withId(id("ingest-binary") + ".ingest")).hasSize(2);
    assertUnchangedButTheRawManifest(before, data.datasetId());
  }

  /**
   * A redelivery rewrites nothing but the raw manifest, byte for byte (its notification is what
   * makes curate check its own work again): same size, a newer time.
   */
  private void assertUnchangedButTheRawManifest(Map<String, String> before, String datasetId) {
    Map<String, String> after = snapshot();
    assertThat(after.keySet()).isEqualTo(before.keySet());
    for (String key : List.copyOf(after.keySet())) {
      if (key.endsWith("raw/" + datasetId + "/manifest.json")) {
        String size = before.get(key).substring(0, before.get(key).indexOf('@') + 1);
        assertThat(after.get(key)).startsWith(size);
        after.remove(key);
        before.remove(key);
      }
    }
    assertThat(after).isEqualTo(before);
  }

  @Test
  void structuredModeIsReadAndARedeliveryChangesNothing() {
    store.put("inbox/sms-structured.tsv", sms(300, 500), "text/tab-separated-values");
    CloudEvent upload = objectCreated(id("ingest-structured"), "inbox/sms-structured.tsv");

    assertAcknowledged(deliverStructured(upload));
    DatasetIngested data = published(id("ingest-structured") + ".ingest", DatasetIngested.class);
    assertThat(data.counts().read()).isEqualTo(200);

    Map<String, String> before = snapshot();
    assertAcknowledged(deliverStructured(upload));
    assertThat(SINK.withId(id("ingest-structured") + ".ingest")).hasSize(2);
    assertUnchangedButTheRawManifest(before, data.datasetId());
  }

  @Test
  void aFileWithNoValidRowIsADatasetWhoseRowsAreAllRejected() {
    byte[] invalid =
        "maybe\tnot a label\nperhaps\tneither is this\n".getBytes(StandardCharsets.UTF_8);
    store.put("inbox/no-valid-row.tsv", invalid, "text/tab-separated-values");

    assertAcknowledged(
        deliverBinary(objectCreated(id("ingest-invalid"), "inbox/no-valid-row.tsv")));

    DatasetIngested data = published(id("ingest-invalid") + ".ingest", DatasetIngested.class);
    assertThat(data.counts().accepted()).isZero();
    assertThat(data.counts().rejected()).isEqualTo(2);
    assertThat(store.stat(data.rejectsKey())).isPresent();
  }

  @Test
  void anObjectThatIsGoneIsAcknowledgedWithoutAnEvent() {
    assertAcknowledged(deliverBinary(objectCreated(id("ingest-gone"), "inbox/deleted.tsv")));
    assertAcknowledged(deliverBinary(objectCreated(id("ingest-gone"), "inbox/deleted.tsv")));

    assertThat(SINK.withId(id("ingest-gone") + ".ingest")).isEmpty();
  }

  @Test
  void aMissingTypeIsRejected() {
    Map<String, String> headers =
        Map.of(
            "ce-specversion", "1.0",
            "ce-id", "no-type",
            "ce-source", "/test",
            "content-type", "application/json");

    assertRejected(deliver(headers, "{}".getBytes(StandardCharsets.UTF_8)), "ce-type");
  }

  @Test
  void anUnknownTypeIsRejected() {
    CloudEvent other =
        CloudEventBuilder.v1(objectCreated(id("wrong-type"), "inbox/x"))
            .withType("com.example.unknown")
            .build();

    assertRejected(deliverBinary(other), "com.example.unknown");
  }

  @Test
  void aMalformedEventIsRejected() {
    assertRejected(
        deliver(
            Map.of("content-type", "application/cloudevents+json"),
            "{\"specversion\":".getBytes(StandardCharsets.UTF_8)),
        "malformed CloudEvent");
    assertRejected(deliver(Map.of("content-type", "text/plain"), new byte[0]), "not a CloudEvent");
  }

  @Test
  void aKeyOutsideTheInboxIsRejected() {
    assertRejected(deliverBinary(objectCreated("outside", "raw/elsewhere.tsv")), "inbox/");
  }
}
