package dev.spamflow.devtools.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The project's real Triggers ({@code knative/base}, the ones deployed) route every spamflow event
 * type, and MinIO's object events, to the stage that consumes it, and to nothing else.
 */
class KnativeManifestRoutingTest {
  private static final List<String> STAGES =
      List.of("ingest", "curate", "train", "register", "inference", "drift");

  @TempDir Path temp;

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      nullValues = "none",
      value = {
        "com.amazonaws.s3.ObjectCreated:Put, inbox/sms.csv, ingest",
        "com.amazonaws.s3.ObjectCreated:CompleteMultipartUpload, inbox/big/mails.jsonl, ingest",
        "com.amazonaws.s3.ObjectCreated:Put, raw/3e1b9c0d/manifest.json, curate",
        "com.amazonaws.s3.ObjectCreated:Put, raw/3e1b9c0d/rows.parquet, none",
        "com.amazonaws.s3.ObjectCreated:Put, curated/3e1b9c0d/manifest.json, none",
        "com.amazonaws.s3.ObjectRemoved:Delete, inbox/sms.csv, none",
        "dev.spamflow.dataset.ingested, 3e1b9c0d, none",
        "dev.spamflow.dataset.curated, 3e1b9c0d, train",
        "dev.spamflow.drift.detected, reports/drift/2026-01-01T00:00:00Z, train",
        "dev.spamflow.model.trained, run-1, register",
        "dev.spamflow.model.promoted, spam-detector/3, inference",
        "dev.spamflow.model.rejected, spam-detector/4, none",
      })
  void eachEventReachesExactlyItsConsumer(String type, String subject, String consumer) {
    Map<String, List<String>> received =
        Map.of(
            "ingest", new CopyOnWriteArrayList<>(),
            "curate", new CopyOnWriteArrayList<>(),
            "train", new CopyOnWriteArrayList<>(),
            "register", new CopyOnWriteArrayList<>(),
            "inference", new CopyOnWriteArrayList<>(),
            "drift", new CopyOnWriteArrayList<>());
    InProcessBroker broker = broker();
    for (String stage : STAGES) {
      broker.subscribe(stage, event -> record(received.get(stage), event));
    }

    broker.publish(event(type, subject));

    for (String stage : STAGES) {
      assertThat(received.get(stage))
          .as("events delivered to %s", stage)
          .isEqualTo(stage.equals(consumer) ? List.of(subject) : List.of());
    }
    assertThat(broker.deadLetters().read()).isEmpty();
  }

  @Test
  void everyTriggerRetriesAndEndsInTheDeadLetterService() {
    List<Trigger> triggers = broker().triggers();

    assertThat(triggers).hasSize(6);
    assertThat(triggers)
        .allSatisfy(
            trigger -> {
              assertThat(trigger.delivery().retry()).as(trigger.name()).isPositive();
              assertThat(trigger.delivery().deadLetterSink())
                  .as(trigger.name())
                  .contains("Service/dead-letters");
            });
  }

  private InProcessBroker broker() {
    return new InProcessBroker(
        "spamflow",
        TriggerManifests.read(knativeBase()),
        new DeadLetterLog(temp.resolve("dead.jsonl")));
  }

  /** The module runs its tests in adapters/; the manifests live beside it at the root. */
  private static Path knativeBase() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path base = dir.resolve("knative/base");
      if (Files.isDirectory(base)) {
        return base;
      }
    }
    throw new IllegalStateException("knative/base not found above " + Path.of("").toAbsolutePath());
  }

  private static Optional<CloudEvent> record(List<String> subjects, CloudEvent event) {
    subjects.add(event.getSubject());
    return Optional.empty();
  }

  private static CloudEvent event(String type, String subject) {
    return CloudEventBuilder.v1()
        .withId(type + "/" + subject)
        .withType(type)
        .withSource(URI.create(type.startsWith("com.amazonaws") ? "minio:s3..spamflow" : "/test"))
        .withSubject(subject)
        .build();
  }
}
