package dev.spamflow.inference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract with Knative, checked against the real manifest: the service started as the
 * container starts it (a new JVM, configuration only from the environment) listens on {@code PORT},
 * and the readiness and liveness paths the manifest probes answer as Knative expects.
 */
class KnativeContractTest {

  private static final Path MANIFEST = Path.of("../../knative/base/services/inference.yaml");

  @Test
  void listensOnPortAndAnswersTheManifestsProbes(@TempDir Path dir) throws Exception {
    JsonNode container =
        new ObjectMapper(new YAMLFactory())
            .readTree(MANIFEST.toFile())
            .at("/spec/template/spec/containers/0");
    String readiness = container.at("/readinessProbe/httpGet/path").asText();
    String liveness = container.at("/livenessProbe/httpGet/path").asText();
    assertThat(readiness).isNotBlank();
    assertThat(liveness).isNotBlank();
    assertThat(container.at("/ports/0/containerPort").asInt())
        .as("the manifest's port is the service's default")
        .isEqualTo(8080);

    int port = freePort();
    Path bundle = TestBundles.saved(dir.resolve("bundle"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(InferenceApplication.class.getName());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("log").toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("SPAMFLOW_") || k.equals("MLFLOW_TRACKING_URI"));
    env.put("PORT", Integer.toString(port));
    env.put("SPAMFLOW_LOCAL_DIR", dir.resolve("data").toString());
    env.put("SPAMFLOW_MODEL_DIR", bundle.toString());
    Process process = builder.start();
    try {
      TestHttp http = new TestHttp(URI.create("http://localhost:" + port));
      awaitListening(http, process, dir.resolve("log"));
      assertThat(http.get(liveness).statusCode()).isEqualTo(200);
      http.awaitReady(Duration.ofSeconds(30));
      assertThat(http.get(readiness).statusCode()).isEqualTo(200);
      assertThat(http.post("/api/predict", "{\"text\": \"call me later\"}").statusCode())
          .isEqualTo(200);
      // The service's own logging configuration is in force: INFO, no Micronaut DEBUG lines.
      String log = Files.readString(dir.resolve("log"));
      assertThat(log).contains("INFO").contains("now serving").doesNotContain("DEBUG");
    } finally {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    // SIGTERM, as Kubernetes sends it, ends the service cleanly (the prediction log flushed).
    assertThat(process.exitValue()).isIn(0, 143);
  }

  private static void awaitListening(TestHttp http, Process process, Path log) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("the service exited: " + Files.readString(log));
      }
      try {
        http.get("/health/liveness");
        return;
      } catch (java.io.UncheckedIOException e) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("the service never listened: " + Files.readString(log));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
