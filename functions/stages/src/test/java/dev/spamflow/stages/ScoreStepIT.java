package dev.spamflow.stages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamflow.adapters.minio.MinioConfig;
import dev.spamflow.adapters.minio.MinioObjectStore;
import dev.spamflow.adapters.mlflow.MlflowConfig;
import dev.spamflow.adapters.mlflow.MlflowModelRegistry;
import dev.spamflow.core.data.TestData;
import dev.spamflow.core.port.ModelVersion;
import dev.spamflow.core.port.Run;
import dev.spamflow.core.port.RunStatus;
import dev.spamflow.pipeline.StagedFiles;
import dev.spamflow.pipeline.parquet.ParquetFiles;
import dev.spamflow.pipeline.parquet.Schemas;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Tekton scoring steps on real servers: input parts in MinIO, the champion in MLflow, the
 * Parquet parts back in MinIO under {@code scores/} — what the {@code spamflow-score} Pipeline's
 * list Task and matrix of score Tasks do. A missing server fails.
 */
class ScoreStepIT {
  private static final String FIX =
      "start the servers first: source scripts/servers.sh && servers_install && servers_up";
  private static final Path BUNDLE = Path.of("../../core/src/test/resources/bundles/sms-small-v2");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;

  @Test
  void listsThePartsAndScoresEachWithTheChampionIntoMinio() throws Exception {
    Map<String, String> env = System.getenv();
    for (String name : List.of(MinioConfig.ENDPOINT_ENV, MlflowConfig.URI_ENV)) {
      if (env.get(name) == null || env.get(name).isBlank()) {
        throw new IllegalStateException(name + " is not set; " + FIX);
      }
    }
    MinioObjectStore store = MinioObjectStore.open(MinioConfig.fromEnv(env));
    MlflowModelRegistry registry = new MlflowModelRegistry(MlflowConfig.fromEnv(env));
    // Its own model and prefix: the servers are shared with the other integration tests.
    String model = "spam-detector-score-it-" + System.nanoTime();
    Run run = registry.startRun("score-it", Optional.empty(), Map.of());
    registry.uploadArtifacts(run.id(), BUNDLE, "model");
    registry.finishRun(run.id(), RunStatus.FINISHED);
    ModelVersion version = registry.registerVersion(model, run.id(), "model", Map.of());
    registry.setAlias(model, "champion", version.version());
    String prefix = "batch/score-it-" + System.nanoTime() + "/";
    List<String> lines = Files.readAllLines(TestData.sms(), StandardCharsets.UTF_8);
    store.put(
        prefix + "part-1.tsv",
        (String.join("\n", lines.subList(0, 3000)) + "\n").getBytes(StandardCharsets.UTF_8),
        "text/tab-separated-values");
    store.put(
        prefix + "part-2.tsv",
        (String.join("\n", lines.subList(3000, lines.size())) + "\nmaybe\tnot a label\n")
            .getBytes(StandardCharsets.UTF_8),
        "text/tab-separated-values");
    store.put(prefix + "_SUCCESS", new byte[0], "text/plain");

    Path keysFile = temp.resolve("keys.json");
    assertThat(step(env, "list", "--prefix", prefix, "--result", keysFile.toString()))
        .isEqualTo(ScoreStep.OK);
    List<String> keys = new ArrayList<>();
    JSON.readTree(keysFile.toFile()).forEach(k -> keys.add(k.asText()));
    assertThat(keys).containsExactly(prefix + "part-1.tsv", prefix + "part-2.tsv");

    List<JsonNode> reports = new ArrayList<>();
    for (String key : keys) {
      Path result = temp.resolve("result-" + reports.size() + ".json");
      assertThat(
              step(
                  env,
                  "score",
                  "--input",
                  key,
                  "--model-name",
                  model,
                  "--rows-per-part",
                  "2000",
                  "--result",
                  result.toString()))
          .isEqualTo(ScoreStep.OK);
      reports.add(JSON.readTree(result.toFile()));
    }

    assertThat(reports.get(0).get("scored").asLong()).isEqualTo(3000);
    assertThat(reports.get(1).get("scored").asLong()).isEqualTo(lines.size() - 3000);
    assertThat(reports.get(1).get("rejected").asLong()).isEqualTo(1);
    assertThat(store.getBytes(reports.get(1).get("rejectsKey").asText()))
        .asString(StandardCharsets.UTF_8)
        .contains("\"file\":\"" + prefix + "part-2.tsv\"")
        .contains("\"field\":\"label\"");
    long rows = 0;
    for (JsonNode report : reports) {
      assertThat(report.get("modelVersion").asText())
          .isEqualTo(Integer.toString(version.version()));
      for (JsonNode part : report.get("parts")) {
        Path local = temp.resolve("part-" + rows + ".parquet");
        StagedFiles.download(store, part.asText(), local);
        rows +=
            ParquetFiles.forEach(
                local,
                part.asText(),
                g -> assertThat(g.getString(Schemas.MODEL_NAME, 0)).isEqualTo(model));
      }
    }
    assertThat(rows).isEqualTo(lines.size());

    // A retried TaskRun replaces its own parts: the same keys, nothing added.
    Path again = temp.resolve("again.json");
    assertThat(
            step(
                env,
                "score",
                "--input",
                keys.get(0),
                "--model-name",
                model,
                "--rows-per-part",
                "2000",
                "--result",
                again.toString()))
        .isEqualTo(ScoreStep.OK);
    assertThat(JSON.readTree(again.toFile()).get("parts")).isEqualTo(reports.get(0).get("parts"));
    String day = reports.get(0).get("day").asText();
    String runId = reports.get(0).get("runId").asText();
    assertThat(store.list("scores/date=" + day + "/part-" + runId + "-")).hasSize(2);
  }

  private static int step(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        ScoreStep.run(
            args,
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    System.out.print(out.toString(StandardCharsets.UTF_8));
    System.err.print(err.toString(StandardCharsets.UTF_8));
    return code;
  }
}
