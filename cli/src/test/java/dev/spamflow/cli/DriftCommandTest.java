package dev.spamflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamflow.core.data.TestData;
import dev.spamflow.core.text.TextFeatures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spamflow drift} on a bundle trained by {@code spamflow train} on 3,000 SMS: the SMS it
 * never saw do not drift, e-mail does, and bad input ends in one line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DriftCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Path temp;
  private Path model;
  private Path unseen;

  @BeforeAll
  void trainOnPartOfTheSms(@TempDir Path dir) throws Exception {
    temp = dir;
    List<String> lines =
        new ArrayList<>(Files.readAllLines(TestData.sms(), StandardCharsets.UTF_8));
    Collections.shuffle(lines, new Random(5));
    Path training = Files.write(dir.resolve("train.tsv"), lines.subList(0, 3000));
    unseen = Files.write(dir.resolve("unseen.tsv"), lines.subList(3000, 3400));
    model = dir.resolve("model");
    CliRun run =
        CliRun.of(
            "train",
            "--data",
            training.toString(),
            "--out",
            model.toString(),
            "--epochs",
            "2",
            "--embedding-dim",
            "16",
            "--lstm-units",
            "16",
            "--max-len",
            "40");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("drift reference");
    JsonNode manifest = JSON.readTree(model.resolve("bundle.json").toFile());
    assertThat(manifest.get("codeVersion").asText()).startsWith("0.").contains("+");
    assertThat(manifest.get("tokeniserVersion").asInt()).isEqualTo(TextFeatures.VERSION);
    assertThat(manifest.get("files").has("drift-reference.json")).isTrue();
    assertThat(manifest.get("files").has("drift-embedder-weights.bin")).isTrue();
  }

  @Test
  void smsTheModelNeverSawDoNotDrift() throws Exception {
    CliRun run = CliRun.of("drift", "--model", model.toString(), "--data", unseen.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode report = JSON.readTree(run.out());
    assertThat(report.get("status").asText()).isEqualTo("checked");
    assertThat(report.get("drifted").asBoolean()).isFalse();
    assertThat(report.get("embeddings").get("methods")).hasSize(3);
    for (JsonNode method : report.get("embeddings").get("methods")) {
      assertThat(method.has("score") && method.has("threshold") && method.has("drifted")).isTrue();
    }
    assertThat(report.get("features").get("columns")).hasSize(9);
  }

  @Test
  void eMailDriftsAndTheReportFolderHoldsJsonAndAPage() throws Exception {
    Path folder = temp.resolve("report-mail");

    CliRun run =
        CliRun.of(
            "drift",
            "--model",
            model.toString(),
            "--data",
            TestData.email().toString(),
            "--report",
            folder.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode report = JSON.readTree(run.out());
    assertThat(report.get("drifted").asBoolean()).isTrue();
    assertThat(report.get("embeddings").get("drifted").asBoolean()).isTrue();
    assertThat(JSON.readTree(folder.resolve("report.json").toFile())).isEqualTo(report);
    assertThat(Files.readString(folder.resolve("report.html")))
        .contains("<h1>Drift report: <span class=\"drifted\">drifted</span>")
        .contains("data:image/png;base64,");
    assertThat(run.err()).contains(folder.resolve("report.html").toString());
  }

  @Test
  void aFileWithoutValidRowsEndsInOneLineNamingIt() throws Exception {
    Path empty = Files.writeString(temp.resolve("empty.csv"), "text,label\n");

    CliRun run = CliRun.of("drift", "--model", model.toString(), "--data", empty.toString());

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.err().strip().lines()).last().asString().contains("empty.csv");
  }

  @Test
  void modelAndDataDirTogetherAreRefused() {
    CliRun run =
        CliRun.of(
            "drift",
            "--model",
            model.toString(),
            "--data",
            unseen.toString(),
            "--data-dir",
            temp.toString());

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("either --model DIR and --data FILE, or --data-dir DIR");
  }

  @Test
  void aDataDirectoryWithoutAChampionGetsAReportThatSaysSo() throws Exception {
    Path dataDir = temp.resolve("empty-local");

    CliRun run = CliRun.of("drift", "--data-dir", dataDir.toString(), "--window", "2h");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode report = JSON.readTree(run.out());
    assertThat(report.get("status").asText()).isEqualTo("no-champion");
    assertThat(report.get("drifted").asBoolean()).isFalse();
    assertThat(run.err()).contains("report.html");
  }
}
