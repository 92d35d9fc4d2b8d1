package dev.spamflow.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.events.DatasetCurated;
import dev.spamflow.events.EventTypes;
import dev.spamflow.events.ModelTrained;
import dev.spamflow.events.SpamflowEvents;
import dev.spamflow.events.SplitCounts;
import dev.spamflow.pipeline.DatasetRef;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** The {@code train} function through Spring Cloud Function. */
@SpringBootTest(properties = "spring.cloud.function.definition=train")
class TrainStageTest extends StageTestBase {

  @Override
  String stage() {
    return "train";
  }

  @Test
  void aCuratedDatasetIsTrainedOnceAndARedeliveryChangesNothing() {
    DatasetRef dataset = ingested(store, "inbox/sms-train.tsv", sms(1000, 1600));
    CloudEvent curated =
        CloudEventBuilder.v1(curated(store, dataset)).withId(id("train-binary")).build();

    assertAcknowledged(deliverBinary(curated));

    ModelTrained data = published(id("train-binary") + ".train", ModelTrained.class);
    assertThat(data.datasetId()).isEqualTo(dataset.id());
    assertThat(data.trials()).isEqualTo(1);
    assertThat(data.metrics()).containsKey("validation_f1");
    assertThat(SINK.withId(id("train-binary") + ".train").getFirst().getType())
        .isEqualTo(EventTypes.MODEL_TRAINED);

    Map<String, String> before = snapshot();
    assertAcknowledged(deliverStructured(curated));
    // The second delivery finds the earlier result: same run, same event id, nothing written.
    assertThat(SINK.withId(id("train-binary") + ".train")).hasSize(2);
    assertThat(
            SpamflowEvents.read(
                    SINK.withId(id("train-binary") + ".train").get(1), ModelTrained.class)
                .runId())
        .isEqualTo(data.runId());
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void aDatasetThatIsGoneIsAcknowledgedWithoutAnEvent() {
    String id = "fedcba9876543210";
    CloudEvent curated =
        event(
            id("train-gone"),
            new DatasetCurated(
                id,
                "spamflow",
                "curated/" + id + "/",
                "curated/" + id + "/manifest.json",
                "curated/" + id + "/reference-stats.json",
                "sha256:00",
                new SplitCounts(1, 1, 1)));

    assertAcknowledged(deliverBinary(curated));

    assertThat(SINK.withId(id("train-gone") + ".train")).isEmpty();
  }

  @Test
  void anotherTypeIsRejected() {
    CloudEvent upload = objectCreated(id("train-wrong-type"), "inbox/a.tsv");

    assertRejected(deliverBinary(upload), EventTypes.DATASET_CURATED);
  }
}
