package dev.spamflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadFailureTest {

  @TempDir Path temp;

  @Test
  void aFileWithOnlyBadRowsExitsOneAndStartsNoTraining() throws Exception {
    Path bad = Files.writeString(temp.resolve("bad.tsv"), "maybe\thello\nperhaps\tworld\n");

    CliRun run = CliRun.of("upload", "--data-dir", temp.resolve("data").toString(), bad.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("dev.spamflow.dataset.ingested").contains("no valid row");
    assertThat(run.out()).doesNotContain("dev.spamflow.model.trained");
    assertThat(run.lastErrLine()).contains("no valid row").contains("no training started");
  }

  @Test
  void aMissingFileExitsOneNamingIt() {
    Path missing = temp.resolve("nowhere.tsv");

    CliRun run =
        CliRun.of("upload", "--data-dir", temp.resolve("data").toString(), missing.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.lastErrLine()).contains(missing.toString()).contains("no such file");
    assertThat(temp.resolve("data")).doesNotExist();
  }
}
