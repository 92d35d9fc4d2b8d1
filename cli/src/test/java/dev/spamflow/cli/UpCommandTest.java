package dev.spamflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.core.data.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpCommandTest {

  @TempDir Path temp;

  @Test
  void upTrainsAChampionAndItsApiAnswersAPredictionWithIt() throws Exception {
    // 1,500 SMS, one trial of two epochs: enough for a champion, short enough for a unit test.
    List<String> lines = Files.readAllLines(TestData.sms(), StandardCharsets.UTF_8);
    Path subset = Files.write(temp.resolve("sms.tsv"), lines.subList(0, 1500));
    Path data = temp.resolve("data");

    CliRun run = up(data, "--upload", subset.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("inference API on http://")
        .contains("dev.spamflow.model.promoted")
        .contains("POST http://")
        // The API answered with the model the pipeline just promoted, not with an error body.
        .containsPattern("200 \\{.*\"prediction\":\"(spam|ham)\".*\"version\":\"?1\"?")
        // model.promoted went to the API through its Trigger, and the API took it (2xx).
        .doesNotContain("not routed: inference-on-model-promoted");
    Path deadLetters = data.resolve("dead-letters.jsonl");
    assertThat(!Files.exists(deadLetters) || Files.size(deadLetters) == 0)
        .as("dead letters: %s", Files.exists(deadLetters) ? Files.readString(deadLetters) : "")
        .isTrue();
  }

  @Test
  void checkWithoutAChampionFailsAndSaysWhatIsMissing() {
    CliRun run = up(temp.resolve("empty"));

    assertThat(run.exitCode()).isEqualTo(SpamflowCli.EXIT_FAILURE);
    assertThat(run.lastErrLine()).contains("no champion yet").contains("--upload");
  }

  @Test
  void aMissingUploadFileIsReportedBeforeAnythingStarts() {
    Path data = temp.resolve("untouched");

    CliRun run = up(data, "--upload", temp.resolve("nope.tsv").toString());

    assertThat(run.exitCode()).isEqualTo(SpamflowCli.EXIT_FAILURE);
    assertThat(run.lastErrLine()).contains("nope.tsv");
    assertThat(data).doesNotExist();
  }

  private static CliRun up(Path data, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "up",
                "--data-dir",
                data.toString(),
                "--port",
                "0",
                "--trials",
                "1",
                "--epochs",
                "2",
                "--check"));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }
}
