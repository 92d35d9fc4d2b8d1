package dev.spamflow.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.adapters.fs.FileSystemConfig;
import dev.spamflow.adapters.fs.FileSystemModelRegistry;
import dev.spamflow.core.port.ModelVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding API {@code spamflow up} and {@code spamflow serve} use. */
class InferenceServerTest {

  @Test
  void servesTheChampionOfAnEmbeddedDataFolder(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    ModelVersion champion =
        TestBundles.register(
            FileSystemModelRegistry.create(new FileSystemConfig(data)),
            TestBundles.saved(dir.resolve("bundle")),
            Optional.of("champion"));

    try (InferenceServer server =
        InferenceServer.start(InferenceOptions.embedded(data).withPort(0))) {
      assertThat(server.port()).isPositive();
      assertThat(server.awaitReady(Duration.ofSeconds(30))).isTrue();
      TestHttp http = new TestHttp(server.uri());
      var response = http.post("/api/predict", TestHttp.write(Map.of("text", TestTexts.spam())));
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(TestHttp.json(response).get("model").get("version").asText())
          .isEqualTo(Integer.toString(champion.version()));
    }
  }

  @Test
  void servesAFixedBundle(@TempDir Path dir) throws Exception {
    try (InferenceServer server =
        InferenceServer.start(
            InferenceOptions.embedded(dir.resolve("data"))
                .withModel(TestBundles.saved(dir.resolve("bundle")))
                .withPort(0))) {
      assertThat(server.awaitReady(Duration.ofSeconds(30))).isTrue();
      assertThat(new TestHttp(server.uri()).get("/v2/models/spam-detector/ready").statusCode())
          .isEqualTo(200);
    }
  }
}
