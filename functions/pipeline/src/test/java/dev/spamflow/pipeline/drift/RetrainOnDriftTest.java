package dev.spamflow.pipeline.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spamflow.adapters.fs.FileSystemDriftRecorder;
import dev.spamflow.core.data.Label;
import dev.spamflow.core.feedback.FeedbackFormat;
import dev.spamflow.core.port.ModelVersion;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.events.ModelTrained;
import dev.spamflow.events.SpamflowEvents;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.Manifests;
import dev.spamflow.pipeline.event.DriftEventHandler;
import dev.spamflow.pipeline.event.InvalidEventException;
import dev.spamflow.pipeline.event.StageReply;
import dev.spamflow.pipeline.event.TrainEventHandler;
import dev.spamflow.pipeline.feedback.FeedbackLabels;
import dev.spamflow.pipeline.register.RegisterFunction;
import dev.spamflow.pipeline.register.RegisterResult;
import dev.spamflow.pipeline.register.RegisterSettings;
import dev.spamflow.pipeline.train.TrainFunction;
import dev.spamflow.pipeline.train.TrainResult;
import dev.spamflow.pipeline.train.TrainingFixtures;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop locally, through the stages' own edges: a ping over an e-mail window gives
 * drift.detected; train retrains the champion's dataset under the drift run's name — a new search
 * run, where the same dataset's curated event would only repeat the old one — and register gates
 * the new version, which becomes the champion or is rejected with a reason. The retraining learns
 * from the feedback users sent as well, and records which reports it took. A redelivered drift
 * event trains nothing.
 */
class RetrainOnDriftTest {

  @Test
  void aDriftedWindowRetrainsTheChampionsDatasetIntoANewVersion(@TempDir Path dir) {
    DriftFixtures.Champion champion = DriftFixtures.train(dir);
    Path temp = dir.resolve("tmp");
    ModelVersion first =
        champion
            .registry()
            .versionByAlias(RegisterSettings.DEFAULT.model(), "champion")
            .orElseThrow();
    Instant end = Instant.parse("2026-11-10T06:00:00Z");
    DriftFixtures.log(
        champion.store(), champion.emails().subList(0, 300), end, Duration.ofHours(6), "m");
    DriftEventHandler drift =
        new DriftEventHandler(
            new DriftFunction(
                champion.store(),
                champion.registry(),
                new FileSystemDriftRecorder(dir.resolve("runs")),
                DriftSettings.DEFAULT.withTempDirectory(temp),
                Clock.systemUTC()));
    CloudEvent detected =
        drift.handle(ping("ping-1", end)).event().orElseThrow(() -> new AssertionError("no drift"));

    // Users labelled some of the e-mail messages the model now meets; one pair disagrees.
    Instant now = Instant.now();
    List<String> reports = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      reports.add(feedback(champion.store(), now.minusSeconds(60 - i), champion.emails().get(i)));
    }
    feedback(champion.store(), now.minusSeconds(30), champion.emails().get(6), Label.SPAM);
    feedback(champion.store(), now.minusSeconds(29), champion.emails().get(6), Label.HAM);

    TrainEventHandler train =
        new TrainEventHandler(
            new TrainFunction(
                champion.store(), champion.tracker(), TrainingFixtures.tinySearch(1, temp)));
    StageReply<TrainResult> retrained = train.handle(detected);

    // The labels joined the training part, and the run names where they came from.
    String chosenKey =
        champion
            .tracker()
            .getRun(retrained.result().runId())
            .tags()
            .get(TrainFunction.FEEDBACK_TAG);
    FeedbackLabels.Choice chosen =
        Manifests.read(champion.store(), chosenKey, FeedbackLabels.Choice.class);
    assertThat(chosen.keys()).containsExactlyElementsOf(reports);
    assertThat(chosen.counts().conflicting()).isEqualTo(2);
    assertThat(champion.tracker().getRun(retrained.result().runId()).params())
        .containsEntry("feedback_labels", "6");

    assertThat(retrained.result().status()).isEqualTo(TrainResult.Status.TRAINED);
    assertThat(retrained.result().runId()).isNotEqualTo(first.runId());
    assertThat(retrained.result().dataset().id())
        .isEqualTo(first.tags().get(TrainFunction.DATASET_TAG));
    assertThat(champion.tracker().getRun(retrained.result().runId()).tags())
        .containsEntry(TrainFunction.RETRAIN_TAG, "drift-20261110t060000z-spam-detector-v1");
    assertThat(retrained.event().orElseThrow().getId()).isEqualTo("ping-1.drift.train");

    StageReply<TrainResult> redelivered = train.handle(detected);
    assertThat(redelivered.result().status()).isEqualTo(TrainResult.Status.ALREADY_TRAINED);
    assertThat(redelivered.result().runId()).isEqualTo(retrained.result().runId());

    RegisterResult gated =
        new RegisterFunction(
                champion.store(),
                champion.tracker(),
                champion.registry(),
                RegisterSettings.DEFAULT.withTempDirectory(temp))
            .apply(SpamflowEvents.read(retrained.event().orElseThrow(), ModelTrained.class));
    assertThat(gated.version()).isEqualTo(first.version() + 1);
    assertThat(gated.reason()).isNotBlank();
    int champ =
        champion
            .registry()
            .versionByAlias(RegisterSettings.DEFAULT.model(), "champion")
            .orElseThrow()
            .version();
    assertThat(champ)
        .isEqualTo(
            gated.outcome() == RegisterResult.Outcome.PROMOTED ? gated.version() : first.version());
  }

  @Test
  void aDriftEventNamingNoDatasetIsRefusedWithTheField(@TempDir Path dir) {
    TrainEventHandler train =
        new TrainEventHandler(
            new TrainFunction(
                dev.spamflow.pipeline.TestStores.open(dir),
                new dev.spamflow.adapters.fs.FileSystemModelRegistry(dir.resolve("registry")),
                TrainingFixtures.tinySearch(1, dir.resolve("tmp"))));
    CloudEvent event =
        SpamflowEvents.create(
            URI.create("/test"),
            "drift-unknown",
            new dev.spamflow.events.DriftDetected(
                "reports/drift/20261110T060000Z-spam-detector-v1/",
                "spam-detector",
                "1",
                "unknown",
                Instant.parse("2026-11-10T00:00:00Z"),
                Instant.parse("2026-11-10T06:00:00Z"),
                300,
                java.util.Map.of("embeddings.votes", 3.0),
                java.util.List.of("embeddings.votes")));

    assertThatThrownBy(() -> train.handle(event))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("referenceDatasetId");
  }

  @Test
  void retrainingNamesAreNormalisedAndCheckedBeforeAnythingRuns(@TempDir Path dir) {
    assertThat(TrainFunction.retrainName(" drift-20261202T060000Z-Spam Detector-v3 "))
        .isEqualTo("drift-20261202t060000z-spam-detector-v3");
    TrainFunction train =
        new TrainFunction(
            dev.spamflow.pipeline.TestStores.open(dir),
            new dev.spamflow.adapters.fs.FileSystemModelRegistry(dir.resolve("registry")),
            TrainingFixtures.tinySearch(1, dir.resolve("tmp")));
    assertThatThrownBy(() -> train.retrain(new DatasetRef("0123456789abcdef"), "../escape"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retraining's name");
  }

  private static String feedback(ObjectStore store, Instant at, String text) {
    return feedback(store, at, text, Label.SPAM);
  }

  /** Stores a report in the layout the inference service writes. */
  private static String feedback(ObjectStore store, Instant at, String text, Label label) {
    String key = FeedbackFormat.newKey(at);
    store.put(
        key,
        FeedbackFormat.encode(text, label, at, Optional.empty(), Optional.empty()),
        FeedbackFormat.CONTENT_TYPE);
    return key;
  }

  private static CloudEvent ping(String id, Instant time) {
    return CloudEventBuilder.v1()
        .withId(id)
        .withType(DriftEventHandler.PING)
        .withSource(URI.create("/apis/v1/namespaces/spamflow/pingsources/drift-check"))
        .withTime(OffsetDateTime.ofInstant(time, ZoneOffset.UTC))
        .build();
  }
}
