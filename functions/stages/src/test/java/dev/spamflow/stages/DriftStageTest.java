package dev.spamflow.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.core.data.DatasetLoader;
import dev.spamflow.core.data.Message;
import dev.spamflow.core.data.TestData;
import dev.spamflow.core.predictions.PredictionLogFormat;
import dev.spamflow.core.predictions.PredictionRecord;
import dev.spamflow.core.text.TextFeatures;
import dev.spamflow.events.DriftDetected;
import dev.spamflow.events.EventTypes;
import dev.spamflow.events.ModelTrained;
import dev.spamflow.events.SpamflowEvents;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.drift.DriftFunction;
import dev.spamflow.pipeline.event.DriftEventHandler;
import dev.spamflow.pipeline.event.StageCatalogue;
import dev.spamflow.pipeline.register.RegisterFunction;
import dev.spamflow.pipeline.register.RegisterSettings;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The {@code drift} function through Spring Cloud Function. */
@SpringBootTest(properties = "spring.cloud.function.definition=drift")
class DriftStageTest extends StageTestBase {

  @Autowired SettingsStageContext stages;
  @Autowired PrometheusMeterRegistry prometheus;

  /** The Prometheus text the service serves; here the registry's, over HTTP in the IT tier. */
  String prometheusText() {
    return prometheus.scrape();
  }

  @Override
  String stage() {
    return "drift";
  }

  @Test
  void aPingOverAnEMailWindowPublishesDriftDetectedOnceAndARedeliveryTheSameAgain() {
    ensureAChampion();
    // Each tier its own window: both share the data directory in one JVM.
    Instant end =
        Instant.parse(
            getClass() == DriftStageTest.class ? "2026-10-01T06:00:00Z" : "2026-10-05T06:00:00Z");
    logEMail(end);
    CloudEvent ping = ping(id("ping-mail"), end);

    assertAcknowledged(deliverBinary(ping));

    DriftDetected detected = published(id("ping-mail") + ".drift", DriftDetected.class);
    assertThat(detected.windowEnd()).isEqualTo(end);
    assertThat(detected.predictions()).isEqualTo(120);
    assertThat(store.stat(detected.reportKey() + DriftFunction.REPORT_HTML)).isPresent();
    String runId =
        detected
            .reportKey()
            .substring(DriftFunction.REPORTS_PREFIX.length(), detected.reportKey().length() - 1);
    assertThat(stages.driftRecorder().run(runId))
        .hasValueSatisfying(run -> assertThat(run.drifted()).isTrue());
    int rows = stages.driftRecorder().metrics(runId).size();

    assertAcknowledged(deliverStructured(ping));

    List<CloudEvent> events = SINK.withId(id("ping-mail") + ".drift");
    assertThat(events)
        .hasSize(2)
        .extracting(CloudEvent::getType)
        .containsOnly(EventTypes.DRIFT_DETECTED);
    assertThat(SpamflowEvents.read(events.get(1), DriftDetected.class)).isEqualTo(detected);
    assertThat(stages.driftRecorder().metrics(runId)).hasSize(rows);
    // Recorded once per delivery, which is what an alert on drift counts.
    assertThat(prometheusText())
        .containsPattern(
            "spamflow_drift_checks_total\\{drifted=\"true\",status=\"[a-z]+\"\\} [1-9]");
  }

  @Test
  void aPingWithoutATimeIsRejectedNamingTheAttribute() {
    CloudEvent ping =
        CloudEventBuilder.v1()
            .withId(id("ping-timeless"))
            .withType(DriftEventHandler.PING)
            .withSource(URI.create("/apis/v1/namespaces/spamflow/pingsources/drift-check"))
            .build();

    assertRejected(deliverBinary(ping), "time");
  }

  @Test
  void anotherTypeIsRejected() {
    assertRejected(
        deliverStructured(objectCreated(id("drift-wrong-type"), "inbox/a.tsv")),
        DriftEventHandler.PING);
  }

  /** The PingSource's event, as Knative sends it: its time is the scheduled time. */
  static CloudEvent ping(String id, Instant time) {
    return CloudEventBuilder.v1()
        .withId(id)
        .withType(DriftEventHandler.PING)
        .withSource(URI.create("/apis/v1/namespaces/spamflow/pingsources/drift-check"))
        .withTime(OffsetDateTime.ofInstant(time, ZoneOffset.UTC))
        .build();
  }

  /** Trains and registers a model on part of the SMS data unless another test class has. */
  private void ensureAChampion() {
    if (stages
        .registry()
        .versionByAlias(RegisterSettings.DEFAULT.model(), "champion")
        .isPresent()) {
      return;
    }
    DatasetRef dataset = ingested(store, "inbox/sms-drift.tsv", sms(0, 900));
    ModelTrained trained =
        SpamflowEvents.read(
            StageCatalogue.train(stages).handle(curated(store, dataset)).event().orElseThrow(),
            ModelTrained.class);
    new RegisterFunction(store, stages.tracker(), stages.registry(), RegisterSettings.DEFAULT)
        .apply(trained);
  }

  /** 120 e-mail messages in the prediction log, over the six hours before {@code end}. */
  private void logEMail(Instant end) {
    List<Message> mails = DatasetLoader.load(List.of(TestData.email())).messages();
    List<PredictionRecord> records = new ArrayList<>();
    Duration step = Duration.ofHours(6).dividedBy(120);
    for (int i = 0; i < 120; i++) {
      String text = mails.get(i).text();
      TextFeatures.Analysis analysis = TextFeatures.analyse(text);
      records.add(
          new PredictionRecord(
              text,
              0.5,
              "spam",
              "spam-detector",
              "1",
              end.minus(step.multipliedBy(120 - i)),
              analysis.tokens().size(),
              analysis.features()));
    }
    store.put(
        PredictionLogFormat.key(
            PredictionLogFormat.dateOf(records.get(0).time()), end, "drifttest", 1),
        PredictionLogFormat.encode(records),
        PredictionLogFormat.CONTENT_TYPE);
  }
}
