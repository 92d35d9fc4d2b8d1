package dev.spamflow.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.events.EventTypes;
import dev.spamflow.events.ModelTrained;
import dev.spamflow.events.SpamflowEvents;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.event.StageCatalogue;
import dev.spamflow.pipeline.register.RegisterSettings;
import io.cloudevents.CloudEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The {@code register} function through Spring Cloud Function. */
@SpringBootTest(properties = "spring.cloud.function.definition=register")
class RegisterStageTest extends StageTestBase {

  @Autowired SettingsStageContext stages;

  @Override
  String stage() {
    return "register";
  }

  @Test
  void aTrainedModelIsGatedOnceAndARedeliveryChangesNothing() {
    DatasetRef dataset = ingested(store, "inbox/sms-register.tsv", sms(1600, 2200));
    ModelTrained trained =
        SpamflowEvents.read(
            StageCatalogue.train(stages).handle(curated(store, dataset)).event().orElseThrow(),
            ModelTrained.class);
    CloudEvent event = event(id("register-binary"), trained);

    assertAcknowledged(deliverBinary(event));

    List<CloudEvent> published = SINK.withId(id("register-binary") + ".register");
    assertThat(published).hasSize(1);
    assertThat(published.getFirst().getType())
        .isIn(EventTypes.MODEL_PROMOTED, EventTypes.MODEL_REJECTED);
    String model = RegisterSettings.DEFAULT.model();
    assertThat(stages.registry().versions(model)).anyMatch(v -> v.runId().equals(trained.runId()));

    Map<String, String> before = snapshot();
    assertAcknowledged(deliverStructured(event));
    // The recorded verdict is announced again with the same id; nothing is registered twice.
    assertThat(SINK.withId(id("register-binary") + ".register"))
        .hasSize(2)
        .extracting(CloudEvent::getType)
        .containsOnly(published.getFirst().getType());
    assertThat(stages.registry().versions(model))
        .filteredOn(v -> v.runId().equals(trained.runId()))
        .hasSize(1);
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void aRunThatIsGoneIsAcknowledgedWithoutAnEvent() {
    ModelTrained gone =
        new ModelTrained(
            "0000000000000000000000000000dead",
            "0123456789abcdef",
            "runs:/0000000000000000000000000000dead/model",
            Map.of("validation_f1", 0.9),
            Map.of(),
            1);

    assertAcknowledged(deliverBinary(event(id("register-gone"), gone)));

    assertThat(SINK.withId(id("register-gone") + ".register")).isEmpty();
  }

  @Test
  void anotherTypeIsRejected() {
    assertRejected(
        deliverStructured(objectCreated(id("register-wrong-type"), "inbox/a.tsv")),
        EventTypes.MODEL_TRAINED);
  }
}
