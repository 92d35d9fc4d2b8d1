package dev.spamflow.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.events.DatasetCurated;
import dev.spamflow.events.EventTypes;
import dev.spamflow.pipeline.DatasetRef;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** The {@code curate} function through Spring Cloud Function. */
@SpringBootTest(properties = "spring.cloud.function.definition=curate")
class CurateStageTest extends StageTestBase {

  @Override
  String stage() {
    return "curate";
  }

  @Test
  void aRawManifestIsCuratedAndARedeliveryChangesNothing() {
    DatasetRef dataset = ingested(store, "inbox/sms-curate.tsv", sms(500, 1000));
    CloudEvent manifest = objectCreated(id("curate-binary"), dataset.raw(DatasetRef.MANIFEST));

    assertAcknowledged(deliverBinary(manifest));

    DatasetCurated data = published(id("curate-binary") + ".curate", DatasetCurated.class);
    assertThat(data.datasetId()).isEqualTo(dataset.id());
    assertThat(data.counts().train() + data.counts().validation() + data.counts().test())
        .isPositive();
    assertThat(SINK.withId(id("curate-binary") + ".curate").getFirst().getType())
        .isEqualTo(EventTypes.DATASET_CURATED);

    Map<String, String> before = snapshot();
    assertAcknowledged(deliverStructured(manifest));
    assertThat(SINK.withId(id("curate-binary") + ".curate")).hasSize(2);
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void aDatasetWithNoValidRowStartsNoTraining() {
    DatasetRef dataset =
        ingested(
            store,
            "inbox/curate-no-valid-row.tsv",
            "maybe\tnot a label\nperhaps\tneither\n".getBytes(StandardCharsets.UTF_8));

    assertAcknowledged(
        deliverBinary(objectCreated(id("curate-invalid"), dataset.raw(DatasetRef.MANIFEST))));

    // No dataset.curated, so no Trigger starts training.
    assertThat(SINK.withId(id("curate-invalid") + ".curate")).isEmpty();
    assertThat(store.stat(dataset.curated(DatasetRef.MANIFEST))).isEmpty();
  }

  @Test
  void aRawDatasetThatIsGoneIsAcknowledgedWithoutAnEvent() {
    CloudEvent gone = objectCreated(id("curate-gone"), "raw/0123456789abcdef/manifest.json");

    assertAcknowledged(deliverStructured(gone));

    assertThat(SINK.withId(id("curate-gone") + ".curate")).isEmpty();
  }

  @Test
  void aKeyThatIsNoRawManifestIsRejected() {
    assertRejected(
        deliverBinary(objectCreated(id("curate-wrong-key"), "inbox/a.tsv")), "not a raw manifest");
  }
}
