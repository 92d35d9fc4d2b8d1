package dev.spamflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamflow.core.data.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainAndEvaluateCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;

  @Test
  void trainsABundleAndPrintsMetricsAsJson() throws Exception {
    // The first 1,500 SMS keep this quick; one epoch is enough to check the command's contract.
    Path out = temp.resolve("model");

    CliRun run = trainOnFirstSms(1500, out, "--max-len", "40");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode result = JSON.readTree(run.out());
    assertThat(result.get("heldOutTest").get("f1").asDouble()).isBetween(0.0, 1.0);
    assertThat(result.get("outOfFold").get("count").asInt())
        .isEqualTo(
            result.get("thresholdChoice").get("ham").asInt()
                + result.get("thresholdChoice").get("spam").asInt());
    // The shipped model learnt from every message, the held-out test part included.
    assertThat(result.get("refit").get("messages").asInt())
        .isEqualTo(
            result.get("data").get("read").asInt()
                - result.get("data").get("duplicates").asInt()
                - result.get("data").get("rejected").asInt());
    assertThat(result.get("hyperParameters").get("lstmUnits").asInt()).isEqualTo(8);
    assertThat(result.get("data").get("read").asInt()).isEqualTo(1500);
    assertThat(out.resolve("bundle.json")).isRegularFile();
    assertThat(temp.resolve("model.zip")).isRegularFile();
    assertThat(run.err())
        .contains("read 1500 rows")
        .contains("epoch 1/1")
        .contains("5-fold cross-validation")
        .contains("held-out test");
  }

  @Test
  void tooFewHamForTheCeilingIsSaidInOneLineAndInTheBundle() throws Exception {
    // 400 SMS leave about 280 development ham: even none blocked bounds the rate at 1 / 281,
    // above the 0.3 % ceiling.
    Path out = temp.resolve("few-model");

    CliRun run = trainOnFirstSms(400, out);

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> said =
        run.err().lines().filter(line -> line.contains("needs at least 333 ham")).toList();
    assertThat(said).hasSize(1);
    assertThat(said.getFirst()).startsWith("threshold: ").contains("the data has");
    JsonNode choice = JSON.readTree(out.resolve("bundle.json").toFile()).get("thresholdChoice");
    assertThat(choice.get("ceilingSupported").asBoolean()).isFalse();
    assertThat(choice.get("note").asText())
        .isEqualTo(said.getFirst().substring("threshold: ".length()));
  }

  /** Trains a tiny network (one epoch, 8 dims, 8 units) on the first rows of the SMS file. */
  private CliRun trainOnFirstSms(int rows, Path out, String... extra) throws Exception {
    List<String> lines = Files.readAllLines(TestData.sms(), StandardCharsets.UTF_8);
    Path subset = Files.write(temp.resolve("sms-" + rows + ".tsv"), lines.subList(0, rows));
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--data",
                subset.toString(),
                "--out",
                out.toString(),
                "--epochs",
                "1",
                "--embedding-dim",
                "8",
                "--lstm-units",
                "8"));
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void evaluatesASavedBundleOnRealData() throws Exception {
    CliRun run =
        CliRun.of(
            "evaluate",
            "--model",
            CliRun.SAVED_BUNDLE.toString(),
            "--data",
            TestData.sms().toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode metrics = JSON.readTree(run.out()).get("metrics");
    // Every deduplicated SMS is scored once, at the bundle's own threshold.
    assertThat(metrics.get("count").asInt()).isEqualTo(5158);
    assertThat(metrics.get("truePositives").asInt() + metrics.get("falseNegatives").asInt())
        .isEqualTo(641);
    double threshold =
        JSON.readTree(CliRun.SAVED_BUNDLE.resolve("bundle.json").toFile())
            .get("threshold")
            .asDouble();
    assertThat(metrics.get("threshold").asDouble()).isEqualTo(threshold);
    // A small model, but a real one: far better than chance on data it mostly trained on.
    assertThat(metrics.get("rocAuc").asDouble()).isGreaterThan(0.97);
  }

  @Test
  void noValidRowNamesFileRowAndField() throws Exception {
    Path bad = Files.writeString(temp.resolve("bad.csv"), "text,label\nhello there,maybe\n");

    CliRun run =
        CliRun.of("train", "--data", bad.toString(), "--out", temp.resolve("m").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.lastErrLine())
        .startsWith("spamflow train: ")
        .contains("no valid rows")
        .contains("bad.csv:2")
        .contains("field 'label'");
    assertThat(run.err()).doesNotContain("\tat ");
  }

  @Test
  void aSingleClassIsRefused() throws Exception {
    Path hamOnly =
        Files.writeString(
            temp.resolve("ham.jsonl"),
            "{\"text\":\"see you at noon\",\"label\":\"ham\"}\n"
                + "{\"text\":\"running late, sorry\",\"label\":\"ham\"}\n");

    CliRun run =
        CliRun.of("train", "--data", hamOnly.toString(), "--out", temp.resolve("m").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.lastErrLine()).contains("spam").contains("ham");
  }

  @Test
  void missingFileIsNamed() {
    CliRun run =
        CliRun.of("train", "--data", temp.resolve("nope.csv").toString(), "--out", temp.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.lastErrLine()).contains("nope.csv");
  }

  @Test
  void unknownFormatIsNamed() throws Exception {
    Path odd = Files.writeString(temp.resolve("data.xml"), "<messages/>\n");

    CliRun run =
        CliRun.of("evaluate", "--model", CliRun.SAVED_BUNDLE.toString(), "--data", odd.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.lastErrLine()).contains("data.xml");
  }

  @Test
  void refusesToOverwriteSomethingThatIsNotABundle() throws Exception {
    Path precious = temp.resolve("precious");
    Files.createDirectories(precious);
    Files.writeString(precious.resolve("notes.txt"), "keep me");
    List<String> lines = Files.readAllLines(TestData.sms(), StandardCharsets.UTF_8);
    Path subset = Files.write(temp.resolve("sms.tsv"), lines.subList(0, 400));

    CliRun run =
        CliRun.of(
            "train",
            "--data",
            subset.toString(),
            "--out",
            precious.toString(),
            "--epochs",
            "1",
            "--embedding-dim",
            "4",
            "--lstm-units",
            "4");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.lastErrLine()).contains("precious").contains("not a spamflow model bundle");
    assertThat(precious.resolve("notes.txt")).hasContent("keep me");
  }
}
