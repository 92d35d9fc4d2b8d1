package dev.spamflow.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.adapters.fs.FileSystemConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ScoreStep's arguments and exit codes, on the embedded store and registry. */
class ScoreStepTest {

  @TempDir Path temp;

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return ScoreStep.run(
        args,
        Map.of(FileSystemConfig.LOCAL_DIR_ENV, temp.resolve("data").toString()),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void badArgumentsAreUsageErrors() {
    assertThat(run()).isEqualTo(ScoreStep.USAGE);
    assertThat(run("score")).isEqualTo(ScoreStep.USAGE);
    assertThat(run("list", "--prefix", "batch/")).isEqualTo(ScoreStep.USAGE);
    assertThat(run("score", "--input", "a.tsv", "--rows-per-part", "0")).isEqualTo(ScoreStep.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--rows-per-part must be a positive integer but was 0")
        .contains(ScoreStep.USAGE_LINE);
  }

  @Test
  void anEmptyPrefixIsNothingToScore() {
    assertThat(run("list", "--prefix", "batch/none/", "--result", temp.resolve("k").toString()))
        .isEqualTo(ScoreStep.NOTHING_TO_SCORE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no object under 'batch/none/'");
  }

  @Test
  void aMissingObjectFailsNamingIt() {
    assertThat(run("score", "--input", "batch/missing.tsv")).isEqualTo(ScoreStep.FAILED);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no object 'batch/missing.tsv'");
  }
}
