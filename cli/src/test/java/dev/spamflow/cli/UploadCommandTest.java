package dev.spamflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.adapters.fs.FileSystemConfig;
import dev.spamflow.adapters.fs.FileSystemModelRegistry;
import dev.spamflow.cli.local.LocalPipeline;
import dev.spamflow.core.data.TestData;
import dev.spamflow.core.port.ModelVersion;
import dev.spamflow.pipeline.register.RegisterSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadCommandTest {

  @TempDir Path temp;

  @Test
  void uploadRunsTheFourStagesAndASecondUploadChangesNothing() throws Exception {
    // 1,500 SMS, one trial of two epochs: enough for a champion, short enough for a unit test.
    List<String> lines = Files.readAllLines(TestData.sms(), StandardCharsets.UTF_8);
    Path subset = Files.write(temp.resolve("sms.tsv"), lines.subList(0, 1500));
    Path data = temp.resolve("data");

    CliRun first = upload(data, subset);

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out())
        .contains("com.amazonaws.s3.ObjectCreated:Put  inbox/sms.tsv")
        .contains("dev.spamflow.dataset.ingested")
        .contains("dev.spamflow.dataset.curated")
        .contains("dev.spamflow.model.trained")
        .contains("dev.spamflow.model.promoted")
        .contains("done: spam-detector version 1 promoted");
    FileSystemModelRegistry registry = FileSystemModelRegistry.create(new FileSystemConfig(data));
    assertThat(registry.versionByAlias(LocalPipeline.MODEL, RegisterSettings.CHAMPION))
        .map(ModelVersion::version)
        .contains(1);

    CliRun second = upload(data, subset);

    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.out())
        .contains("ALREADY_INGESTED")
        // Every stage checks its own work and announces it again; none redoes it.
        .contains("ALREADY_CURATED")
        .contains("ALREADY_TRAINED")
        .contains("(already decided: nothing changed)")
        .contains("nothing changed: inbox/sms.tsv holds the messages of dataset");
    assertThat(registry.versions(LocalPipeline.MODEL)).hasSize(1);
  }

  private static CliRun upload(Path data, Path file) {
    return CliRun.of(
        "upload", "--data-dir", data.toString(), "--trials", "1", "--epochs", "2", file.toString());
  }
}
