package dev.spamflow.inference.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.adapters.fs.FileSystemConfig;
import dev.spamflow.adapters.fs.FileSystemModelRegistry;
import dev.spamflow.core.port.ModelVersion;
import dev.spamflow.inference.InferenceApplication;
import dev.spamflow.inference.TestBundles;
import dev.spamflow.inference.TestHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A promotion reaches every replica, not only the one the Trigger delivered it to: two service
 * processes on one registry, with the service's default settings, the event sent to one of them;
 * both serve the new champion within 5 s, neither restarts. The other learns it from its alias
 * check ({@code SPAMFLOW_POLL_INTERVAL}, 2 s by default).
 */
class TwoReplicaPromotionTest {
  private static final Duration WITHIN = Duration.ofSeconds(5);

  @TempDir Path dir;
  private final List<Replica> replicas = new ArrayList<>();

  /** One service process and a client for it. */
  private record Replica(String name, Process process, TestHttp http) {}

  @AfterEach
  void stop() {
    replicas.forEach(r -> r.process().destroy());
  }

  @Test
  void everyReplicaServesThePromotedVersionWithinFiveSecondsOfTheEvent() throws Exception {
    Path data = dir.resolve("data");
    FileSystemModelRegistry registry = FileSystemModelRegistry.create(new FileSystemConfig(data));
    ModelVersion first =
        TestBundles.register(
            registry, TestBundles.saved(dir.resolve("v1")), Optional.of("champion"));
    Replica a = start("a", data);
    Replica b = start("b", data);
    awaitVersion(a, first.version(), Duration.ofSeconds(60));
    awaitVersion(b, first.version(), Duration.ofSeconds(60));

    // What the register stage does: a new version, the alias moved, then one model.promoted
    // event, which the Broker's Trigger delivers to one pod of the Service.
    ModelVersion second =
        TestBundles.register(
            registry, TestBundles.withThreshold(dir.resolve("v2"), 0.5), Optional.of("champion"));
    long promoted = System.nanoTime();
    HttpResponse<String> delivered = HotSwapTest.promote(a.http(), second.version());
    assertThat(delivered.headers().firstValue("Spamflow-Outcome")).hasValue("swapped");

    Duration tookB = awaitVersion(b, second.version(), WITHIN);
    Duration tookA = Duration.ofNanos(System.nanoTime() - promoted);
    System.out.printf(
        "replica a (got the event) serves v%d after %d ms, replica b after %d ms%n",
        second.version(), tookA.toMillis(), tookB.toMillis());
    assertThat(a.http().answeringVersion()).isEqualTo(Integer.toString(second.version()));
    assertThat(b.http().answeringVersion()).isEqualTo(Integer.toString(second.version()));
    // Swapped in place: the same processes as before, never restarted.
    assertThat(replicas).allMatch(r -> r.process().isAlive());
  }

  /** Starts one replica as the image runs it: its own JVM, configured by the environment only. */
  private Replica start(String name, Path data) throws IOException {
    int port = freePort();
    ProcessBuilder builder =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                InferenceApplication.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile());
    builder.environment().put("PORT", Integer.toString(port));
    builder.environment().put("SPAMFLOW_LOCAL_DIR", data.toString());
    builder.environment().put("SPAMFLOW_DOWNLOAD_DIR", dir.resolve(name + "-models").toString());
    // The test's own registry settings must not leak in: the embedded registry, nothing else.
    builder.environment().remove("SPAMFLOW_MLFLOW_URI");
    builder.environment().remove("MLFLOW_TRACKING_URI");
    builder.environment().remove("SPAMFLOW_MINIO_ENDPOINT");
    builder.environment().remove("SPAMFLOW_POLL_INTERVAL");
    Replica replica =
        new Replica(name, builder.start(), new TestHttp(URI.create("http://127.0.0.1:" + port)));
    replicas.add(replica);
    return replica;
  }

  /** Waits until the readiness probe reports {@code version}; returns how long that took. */
  private Duration awaitVersion(Replica replica, int version, Duration timeout) throws Exception {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    String last = "(no answer yet)";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> ready = replica.http().get("/health/readiness");
        last = ready.body();
        if (ready.statusCode() == 200
            && TestHttp.json(ready)
                .path("model")
                .path("version")
                .asText()
                .equals(Integer.toString(version))) {
          return Duration.ofNanos(System.nanoTime() - start);
        }
      } catch (UncheckedIOException e) {
        last = "not answering: " + e.getMessage();
      }
      Thread.sleep(25);
    }
    throw new AssertionError(
        "replica "
            + replica.name()
            + ": version "
            + version
            + " not served within "
            + timeout
            + "; last readiness: "
            + last
            + "\n"
            + logs());
  }

  private String logs() throws IOException {
    StringBuilder out = new StringBuilder();
    for (String name : List.of("a", "b")) {
      Path log = dir.resolve(name + ".log");
      if (Files.exists(log)) {
        out.append("--- replica ").append(name).append(":\n").append(Files.readString(log));
      }
    }
    return out.toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
