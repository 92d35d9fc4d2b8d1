package dev.spamflow.pipeline.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.adapters.fs.FileSystemDriftRecorder;
import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.core.drift.DriftReport;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.core.predictions.PredictionLogFormat;
import dev.spamflow.events.DriftDetected;
import dev.spamflow.pipeline.train.TrainFunction;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drift stage on a champion the real pipeline trained, with prediction logs written in the
 * service's own format: unseen SMS do not drift, e-mail does, and every run is stored, recorded and
 * idempotent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DriftFunctionTest {
  private static final Duration SIX_HOURS = Duration.ofHours(6);

  private DriftFixtures.Champion champion;
  private Path dir;

  @BeforeAll
  void trainAChampion(@TempDir Path temp) {
    dir = temp;
    champion = DriftFixtures.train(temp);
  }

  private DriftFunction stage(ObjectStore store, FileSystemDriftRecorder recorder) {
    return new DriftFunction(
        store,
        champion.registry(),
        recorder,
        DriftSettings.DEFAULT.withTempDirectory(dir.resolve("tmp")),
        Clock.fixed(Instant.parse("2026-12-02T06:00:05Z"), ZoneOffset.UTC));
  }

  @Test
  void unseenSmsDoNotDriftAndTheRunIsStoredAndRecorded() {
    Instant end = Instant.parse("2026-12-02T06:00:00Z");
    DriftFixtures.log(champion.store(), champion.unseen().subList(0, 300), end, SIX_HOURS, "sms");
    FileSystemDriftRecorder recorder = new FileSystemDriftRecorder(dir.resolve("runs-sms"));

    DriftResult result = stage(champion.store(), recorder).apply(end.plusMillis(400));

    assertThat(result.status()).isEqualTo(DriftReport.CHECKED);
    assertThat(result.report().drifted()).isFalse();
    assertThat(result.event()).isEmpty();
    assertThat(result.runId()).isEqualTo("20261202T060000Z-spam-detector-v1");
    assertThat(result.report().window())
        .containsEntry("messages", "300")
        .containsEntry("start", "2026-12-02T00:00:00Z")
        .containsEntry("end", "2026-12-02T06:00:00Z");
    assertThat(champion.store().stat(result.reportKey() + DriftFunction.REPORT_JSON)).isPresent();
    assertThat(
            new String(
                champion.store().getBytes(result.reportKey() + DriftFunction.REPORT_HTML),
                StandardCharsets.UTF_8))
        .contains("no drift")
        .contains("data:image/png;base64,");
    assertThat(recorder.run(result.runId()))
        .hasValueSatisfying(
            run -> {
              assertThat(run.messages()).isEqualTo(300);
              assertThat(run.drifted()).isFalse();
            });
    assertThat(recorder.metrics(result.runId())).isEqualTo(result.report().metrics()).isNotEmpty();
  }

  @Test
  void eMailDriftsAndTheEventNamesTheReportVersionAndDataset() {
    Instant end = Instant.parse("2026-11-30T18:00:00Z");
    DriftFixtures.log(champion.store(), champion.emails().subList(0, 300), end, SIX_HOURS, "mail");
    FileSystemDriftRecorder recorder = new FileSystemDriftRecorder(dir.resolve("runs-mail"));

    DriftResult result = stage(champion.store(), recorder).apply(end);

    assertThat(result.report().drifted()).isTrue();
    DriftDetected event = result.event().orElseThrow();
    assertThat(event.reportKey()).isEqualTo(result.reportKey());
    assertThat(event.version()).isEqualTo("1");
    assertThat(event.referenceDatasetId())
        .isEqualTo(
            champion
                .registry()
                .versionByAlias("spam-detector", "champion")
                .orElseThrow()
                .tags()
                .get(TrainFunction.DATASET_TAG));
    assertThat(event.predictions()).isEqualTo(300);
    assertThat(event.drifted()).contains("embeddings.votes");

    DriftResult again = stage(champion.store(), recorder).apply(end.plusMillis(999));

    assertThat(again.repeated()).isTrue();
    assertThat(again.report()).isEqualTo(result.report());
    assertThat(again.event()).isEqualTo(result.event());
    assertThat(recorder.metrics(result.runId())).hasSameSizeAs(result.report().metrics());
  }

  @Test
  void aTinyWindowIsReportedWithoutAnEvent() {
    Instant end = Instant.parse("2026-11-28T12:00:00Z");
    DriftFixtures.log(champion.store(), champion.emails().subList(0, 20), end, SIX_HOURS, "few");

    DriftResult result =
        stage(champion.store(), new FileSystemDriftRecorder(dir.resolve("runs-few"))).apply(end);

    assertThat(result.status()).isEqualTo(DriftReport.WINDOW_TOO_SMALL);
    assertThat(result.report().reason()).contains("20 messages").contains("50");
    assertThat(result.event()).isEmpty();
  }

  @Test
  void withoutAChampionTheReportSaysSo(@TempDir Path empty) {
    FileSystemObjectStore store =
        FileSystemObjectStore.create(new dev.spamflow.adapters.fs.FileSystemConfig(empty));
    DriftFunction stage =
        new DriftFunction(
            store,
            new dev.spamflow.adapters.fs.FileSystemModelRegistry(empty.resolve("registry")),
            new FileSystemDriftRecorder(empty.resolve("runs")),
            DriftSettings.DEFAULT.withTempDirectory(empty.resolve("tmp")),
            Clock.systemUTC());

    DriftResult result = stage.apply(Instant.parse("2026-12-01T00:00:00Z"));

    assertThat(result.status()).isEqualTo(DriftResult.NO_CHAMPION);
    assertThat(result.report().reason()).contains("champion");
    assertThat(result.event()).isEmpty();
    assertThat(store.stat(result.reportKey() + DriftFunction.REPORT_JSON)).isPresent();
  }

  @Test
  void damagedLogLinesAreCountedAndTheRestIsRead() throws Exception {
    Instant end = Instant.parse("2026-11-25T06:00:00Z");
    DriftFixtures.log(champion.store(), champion.unseen().subList(300, 400), end, SIX_HOURS, "ok");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(
          "{\"time\":\"2026-11-25T03:00:00Z\"}\nnot json\n".getBytes(StandardCharsets.UTF_8));
    }
    champion
        .store()
        .put(
            PredictionLogFormat.key(
                PredictionLogFormat.dateOf(end), end.minusSeconds(60), "broken", 0),
            bytes.toByteArray(),
            PredictionLogFormat.CONTENT_TYPE);

    PredictionWindow window =
        PredictionWindow.between(champion.store(), end.minus(SIX_HOURS), end, 100_000);

    assertThat(window.records()).hasSize(100);
    assertThat(window.unreadable()).isEqualTo(2);
  }

  @Test
  void theLastNMessagesWindowReachesBackOverDays() {
    Instant end = Instant.parse("2026-11-20T01:00:00Z");
    List<String> texts = champion.unseen().subList(400, 520);
    DriftFixtures.log(champion.store(), texts, end, Duration.ofHours(30), "days");

    PredictionWindow window =
        PredictionWindow.last(champion.store(), end, 100, DriftSettings.MAX_LOOKBACK);

    assertThat(window.records()).hasSize(100);
    assertThat(window.records().get(99).text()).isEqualTo(texts.get(119));
    assertThat(window.start()).isEqualTo(window.records().get(0).time());
  }
}
