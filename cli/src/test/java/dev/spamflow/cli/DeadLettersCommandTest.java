package dev.spamflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.adapters.fs.FileSystemConfig;
import dev.spamflow.adapters.fs.FileSystemModelRegistry;
import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.cli.local.LocalPipeline;
import dev.spamflow.cli.local.S3Events;
import dev.spamflow.core.data.TestData;
import dev.spamflow.core.port.ObjectInfo;
import dev.spamflow.devtools.broker.DeadLetterLog;
import dev.spamflow.pipeline.register.RegisterSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spamflow dead-letters}: lists what the broker gave up on, and --replay finishes it. */
class DeadLettersCommandTest {

  @TempDir Path temp;

  @Test
  void listsADeadLetterAndReplayRunsThePipelineFromIt() throws Exception {
    Path data = temp.resolve("data");
    FileSystemConfig config = new FileSystemConfig(data);
    List<String> lines = Files.readAllLines(TestData.sms(), StandardCharsets.UTF_8);
    byte[] file = String.join("\n", lines.subList(0, 1000)).getBytes(StandardCharsets.UTF_8);
    // An upload whose notification ingest never took: what the broker logs after the last retry.
    ObjectInfo upload =
        FileSystemObjectStore.create(config)
            .put("inbox/sms.tsv", file, "text/tab-separated-values");
    new DeadLetterLog(data.resolve(LocalPipeline.DEAD_LETTERS))
        .append(
            new DeadLetterLog.Entry(
                Instant.parse("2026-12-01T10:00:00Z"),
                "ingest-on-inbox-upload",
                "ingest",
                4,
                "java.io.IOException: ingest's pod was evicted",
                S3Events.objectCreated(LocalPipeline.BUCKET, upload)));

    CliRun list = CliRun.of("dead-letters", "--data-dir", data.toString());

    assertThat(list.exitCode()).isEqualTo(SpamflowCli.EXIT_FAILURE);
    assertThat(list.out())
        .contains("#1 2026-12-01T10:00:00Z trigger ingest-on-inbox-upload -> ingest, 4 tries:")
        .contains("com.amazonaws.s3.ObjectCreated:Put inbox/sms.tsv")
        .contains("ingest's pod was evicted")
        .contains("spamflow dead-letters --replay");

    CliRun replay =
        CliRun.of(
            "dead-letters",
            "--replay",
            "--data-dir",
            data.toString(),
            "--trials",
            "1",
            "--epochs",
            "1");

    assertThat(replay.exitCode()).as(replay.out() + replay.err()).isZero();
    assertThat(replay.out())
        .contains("replaying #1:")
        .contains("dev.spamflow.model.promoted")
        .contains("#1 delivered")
        .contains("every dead letter was delivered");
    assertThat(
            FileSystemModelRegistry.create(config)
                .versionByAlias(LocalPipeline.MODEL, RegisterSettings.CHAMPION))
        .isPresent();
    assertThat(CliRun.of("dead-letters", "--data-dir", data.toString()).out())
        .startsWith("no dead letters in ");
  }
}
