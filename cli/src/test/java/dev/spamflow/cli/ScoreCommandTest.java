package dev.spamflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamflow.adapters.fs.FileSystemConfig;
import dev.spamflow.adapters.fs.FileSystemModelRegistry;
import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.core.port.ModelVersion;
import dev.spamflow.core.port.Run;
import dev.spamflow.core.port.RunStatus;
import dev.spamflow.core.serving.BundleManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spamflow score} as a user runs it: files in, Parquet out, errors in one line. */
class ScoreCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;

  static Path sms() {
    String data = System.getProperty("spamflow.data.dir");
    if (data == null) {
      throw new AssertionError("system property spamflow.data.dir is not set (the pom sets it)");
    }
    return Path.of(data, "sms-spam-collection/SMSSpamCollection");
  }

  @Test
  void scoresTheSmsFileIntoDatePartitionedParquet() throws Exception {
    Path out = temp.resolve("out");

    CliRun run =
        CliRun.of(
            "score",
            "--model",
            CliRun.SAVED_BUNDLE.toString(),
            "--input",
            sms().toString(),
            "--out",
            out.toString(),
            "--rows-per-part",
            "4000");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode report = JSON.readTree(run.out());
    assertThat(report.get("scored").asLong()).isEqualTo(5574);
    assertThat(report.get("rejected").asLong()).isZero();
    String day = report.get("day").asText();
    assertThat(report.get("parts")).hasSize(2);
    for (JsonNode part : report.get("parts")) {
      assertThat(part.asText()).startsWith("scores/date=" + day + "/part-");
      assertThat(out.resolve(part.asText())).isRegularFile();
    }
    assertThat(run.err())
        .contains("scoring " + sms() + " (SMS_TSV")
        .contains("scored 5,574 of 5,574 rows (0 rejected")
        .contains(out.resolve("scores/date=" + day).toString());
  }

  @Test
  void aDirectoryInputScoresEveryFileInItAndListsTheRejects() throws Exception {
    Path in = Files.createDirectories(temp.resolve("in"));
    Files.writeString(in.resolve("a.jsonl"), "{\"text\":\"hi there\"}\n{\"txt\":\"typo\"}\n");
    Files.writeString(in.resolve("b.txt"), "FREE entry, txt WIN to 80086\n");
    Files.writeString(in.resolve(".hidden"), "not read\n");
    Path out = temp.resolve("out");

    CliRun run =
        CliRun.of(
            "score",
            "--model",
            CliRun.SAVED_BUNDLE.toString(),
            "--input",
            in.toString(),
            "--out",
            out.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode report = JSON.readTree(run.out());
    assertThat(report.get("inputs"))
        .extracting(JsonNode::asText)
        .containsExactly(in.resolve("a.jsonl").toString(), in.resolve("b.txt").toString());
    assertThat(report.get("scored").asLong()).isEqualTo(2);
    assertThat(report.get("rejected").asLong()).isEqualTo(1);
    assertThat(run.err())
        .contains("rejected " + in.resolve("a.jsonl") + ":2: field 'text': missing");
    assertThat(out.resolve(report.get("rejectsKey").asText())).isRegularFile();
  }

  @Test
  void nothingScoredIsAFailure() throws Exception {
    Path broken = temp.resolve("broken.jsonl");
    Files.writeString(broken, "[1]\n");

    CliRun run =
        CliRun.of(
            "score",
            "--model",
            CliRun.SAVED_BUNDLE.toString(),
            "--input",
            broken.toString(),
            "--out",
            temp.resolve("out").toString());

    assertThat(run.exitCode()).isEqualTo(SpamflowCli.EXIT_FAILURE);
    assertThat(run.err()).contains(broken + ":1: expected a JSON object but was an array");
    assertThat(run.lastErrLine()).contains("no row could be scored");
  }

  @Test
  void aMissingInputIsOneLineNamingIt() {
    CliRun run =
        CliRun.of(
            "score",
            "--model",
            CliRun.SAVED_BUNDLE.toString(),
            "--input",
            temp.resolve("nope.tsv").toString(),
            "--out",
            temp.resolve("out").toString());

    assertThat(run.exitCode()).isEqualTo(SpamflowCli.EXIT_FAILURE);
    assertThat(run.err().strip()).doesNotContain("\n");
    assertThat(run.lastErrLine()).contains(temp.resolve("nope.tsv").toString());
  }

  @Test
  void aBundleNeedsAnOutputDirectory() {
    CliRun run =
        CliRun.of("score", "--model", CliRun.SAVED_BUNDLE.toString(), "--input", sms().toString());

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("--model needs --out DIR");
  }

  @Test
  void aLocalRunScoresWithItsChampionIntoItsObjectStore() throws Exception {
    Path dataDir = temp.resolve("run");
    FileSystemConfig config = new FileSystemConfig(dataDir);
    FileSystemModelRegistry registry = FileSystemModelRegistry.create(config);
    Run trained = registry.startRun("score-test", Optional.empty(), Map.of());
    registry.uploadArtifacts(trained.id(), CliRun.SAVED_BUNDLE, "model");
    registry.finishRun(trained.id(), RunStatus.FINISHED);
    ModelVersion version =
        registry.registerVersion(BundleManifest.MODEL_NAME, trained.id(), "model", Map.of());
    registry.setAlias(BundleManifest.MODEL_NAME, "champion", version.version());

    CliRun run = CliRun.of("score", "--data-dir", dataDir.toString(), "--input", sms().toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode report = JSON.readTree(run.out());
    assertThat(report.get("modelVersion").asText()).isEqualTo(Integer.toString(version.version()));
    FileSystemObjectStore store = FileSystemObjectStore.create(config);
    String part = report.get("parts").get(0).asText();
    assertThat(store.stat(part)).isPresent();
    assertThat(store.list("scores/")).hasSize(2); // the part and the run summary
  }

  @Test
  void aLocalRunWithoutAChampionSaysWhatToDo() {
    CliRun run =
        CliRun.of(
            "score",
            "--data-dir",
            temp.resolve("empty-run").toString(),
            "--input",
            sms().toString());

    assertThat(run.exitCode()).isEqualTo(SpamflowCli.EXIT_FAILURE);
    assertThat(run.lastErrLine())
        .contains("has no 'champion' version")
        .contains("train and promote one first");
  }
}
