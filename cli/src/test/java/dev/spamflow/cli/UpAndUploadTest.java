package dev.spamflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.adapters.fs.FileSystemConfig;
import dev.spamflow.adapters.fs.FileSystemModelRegistry;
import dev.spamflow.cli.local.LocalPipeline;
import dev.spamflow.core.data.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVMs on one data directory: {@code spamflow up} in a process of its own, {@code upload} and a
 * second {@code up} in this one. The upload is handed to the running system rather than run beside
 * it, the second {@code up} is refused, and the one champion comes from one pipeline.
 */
class UpAndUploadTest {

  @TempDir Path temp;

  @Test
  void uploadHandsTheFileToTheRunningUpAndNoSecondPipelineStarts() throws Exception {
    Path data = temp.resolve("data");
    List<String> lines = Files.readAllLines(TestData.sms(), StandardCharsets.UTF_8);
    Path sms = Files.write(temp.resolve("sms.tsv"), lines.subList(0, 1000));
    try (CliProcess up =
        CliProcess.start(
            Map.of(),
            "up",
            "--data-dir",
            data.toString(),
            "--port",
            "0",
            "--trials",
            "1",
            "--epochs",
            "1")) {
      up.await(line -> line.contains("drop files into"), Duration.ofMinutes(2));

      CliRun upload = CliRun.of("upload", "--data-dir", data.toString(), sms.toString());

      assertThat(upload.exitCode()).as(upload.err()).isZero();
      assertThat(upload.out())
          .containsPattern(
              "'spamflow up' \\(pid [0-9]+, since [^)]+\\) runs on this data directory")
          .contains("handed " + sms + " to it as inbox/sms.tsv")
          // Nothing ran in this process.
          .doesNotContain("dev.spamflow.dataset.ingested");
      up.await(
          line -> line.startsWith("done: spam-detector version 1 promoted"), Duration.ofMinutes(3));

      CliRun second = CliRun.of("up", "--data-dir", data.toString(), "--port", "0", "--check");
      assertThat(second.exitCode()).isEqualTo(SpamflowCli.EXIT_FAILURE);
      assertThat(second.lastErrLine())
          .containsPattern("'spamflow up' \\(pid [0-9]+, since .*\\) runs the pipeline on")
          .contains("--data-dir");
    }
    assertThat(
            FileSystemModelRegistry.create(new FileSystemConfig(data))
                .versions(LocalPipeline.MODEL))
        .hasSize(1);
  }
}
