package dev.spamflow.inference.log;

import static dev.spamflow.inference.log.LoggedObjects.lines;
import static dev.spamflow.inference.log.LoggedObjects.objects;
import static dev.spamflow.inference.log.LoggedObjects.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spamflow.adapters.RetrySettings;
import dev.spamflow.adapters.minio.MinioConfig;
import dev.spamflow.adapters.minio.MinioObjectStore;
import dev.spamflow.core.port.ObjectInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prediction log through a real MinIO: the one {@code scripts/servers.sh} started, and a
 * private one (the same binary) that the outage test stops and starts again. A missing server fails
 * the test with the command that starts it.
 */
class PredictionLogIT {
  private static final String FIX =
      "start the servers first: source scripts/servers.sh && servers_install && servers_up";

  private static final Instant LATE = Instant.parse("2026-11-22T23:59:30Z");

  @TempDir Path temp;

  private Process privateMinio;

  @AfterEach
  void stopPrivateMinio() throws InterruptedException {
    stop();
  }

  @Test
  void everyRecordReachesMinioInTheFolderOfItsUtcDate() {
    require(MinioConfig.ENDPOINT_ENV);
    MinioConfig shared = MinioConfig.fromEnv(System.getenv());
    // A bucket of its own, so that other tests' predictions do not count here.
    MinioObjectStore store =
        MinioObjectStore.open(
            shared.withBucket("it-predlog-" + UUID.randomUUID().toString().substring(0, 8)));
    PredictionLogSettings settings = PredictionLogSettings.DEFAULTS.withBatchSize(1_000);

    try (PredictionLog log = new PredictionLog(store, settings, Clock.systemUTC())) {
      for (int i = 0; i < 2_500; i++) {
        // One second apart from 30 s before midnight: 30 records on the 22nd, the rest on the 23rd.
        assertThat(log.offer(record("message " + i, LATE.plusSeconds(i)))).isTrue();
      }
    }

    List<ObjectInfo> objects = objects(store);
    assertThat(objects)
        .allSatisfy(
            object ->
                assertThat(object.key())
                    .matches(
                        "predictions/date=2026-11-2[23]/\\d{8}T\\d{9}Z-[0-9a-f]{8}-\\d{9}\\.jsonl\\.gz"));
    assertThat(objects.stream().mapToInt(o -> Integer.parseInt(o.metadata().get("records"))).sum())
        .isEqualTo(2_500);
    List<JsonNode> lines = lines(store);
    assertThat(lines).hasSize(2_500);
    assertThat(lines.stream().map(line -> line.get("text").asText()).distinct()).hasSize(2_500);
    assertThat(
            store.list("predictions/date=2026-11-22/").stream()
                .mapToInt(o -> Integer.parseInt(o.metadata().get("records")))
                .sum())
        .isEqualTo(30);
  }

  @Test
  void aMinioOutageIsRiddenOutWithoutBlockingOffersOrLosingRecords() throws Exception {
    String binary = require("SPAMFLOW_MINIO_BIN");
    int port = freePort();
    Path data = temp.resolve("minio-data");
    start(binary, port, data);
    MinioConfig config =
        new MinioConfig(
            URI.create("http://127.0.0.1:" + port),
            "predlog",
            "predlog-secret-123",
            "spamflow",
            MinioConfig.MIN_PART_SIZE,
            new RetrySettings(2, Duration.ofMillis(50), Duration.ofMillis(100)));
    MinioObjectStore store = MinioObjectStore.open(config);
    PredictionLogSettings settings =
        PredictionLogSettings.DEFAULTS
            .withBatchSize(50)
            .withMaxDelay(Duration.ofMillis(50))
            .withBackoff(Duration.ofMillis(100), Duration.ofMillis(500));

    try (PredictionLog log = new PredictionLog(store, settings, Clock.systemUTC())) {
      offer(log, 0, 100);
      PredictionLogTest.awaitUntil(() -> log.written() == 100, "100 records written", log);

      stop();
      // MinIO is down: offers still return at once, and the writer keeps retrying.
      offer(log, 100, 300);
      PredictionLogTest.awaitUntil(
          () -> log.failures() >= 2, "failed writes while MinIO is down", log);
      assertThat(log.written()).isEqualTo(100);

      start(binary, port, data);
      PredictionLogTest.awaitUntil(
          () -> log.written() == 300, "all 300 written after restart", log);
      assertThat(log.dropped()).isZero();
    }

    assertThat(lines(store)).hasSize(300);
  }

  private static void offer(PredictionLog log, int from, int to) {
    for (int i = from; i < to; i++) {
      assertThat(log.offer(record("message " + i, Instant.now()))).isTrue();
    }
  }

  private void start(String binary, int port, Path data) throws IOException, InterruptedException {
    Files.createDirectories(data);
    ProcessBuilder builder =
        new ProcessBuilder(
                binary,
                "server",
                data.toString(),
                "--address",
                "127.0.0.1:" + port,
                "--console-address",
                "127.0.0.1:" + freePort())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(temp.resolve("minio.log").toFile()));
    builder.environment().put("MINIO_ROOT_USER", "predlog");
    builder.environment().put("MINIO_ROOT_PASSWORD", "predlog-secret-123");
    builder.environment().put("MINIO_BROWSER", "off");
    privateMinio = builder.start();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    URI health = URI.create("http://127.0.0.1:" + port + "/minio/health/live");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() - deadline < 0) {
      if (!privateMinio.isAlive()) {
        throw new IllegalStateException("MinIO exited while starting: " + log());
      }
      try {
        HttpResponse<Void> response =
            client.send(
                HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("MinIO not healthy within 60 s: " + log());
  }

  private void stop() throws InterruptedException {
    if (privateMinio == null) {
      return;
    }
    privateMinio.destroy();
    if (!privateMinio.waitFor(20, TimeUnit.SECONDS)) {
      privateMinio.destroyForcibly();
      privateMinio.waitFor();
    }
    privateMinio = null;
  }

  private String log() {
    try {
      return Files.readString(temp.resolve("minio.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static String require(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set; " + FIX);
    }
    return value;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
