package dev.spamflow.events.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamflow.adapters.RetrySettings;
import dev.spamflow.adapters.http.HttpEventPublisher;
import dev.spamflow.adapters.http.HttpPublisherConfig;
import dev.spamflow.adapters.minio.BucketNotification;
import dev.spamflow.adapters.minio.MinioConfig;
import dev.spamflow.adapters.minio.MinioObjectStore;
import dev.spamflow.events.EventTypes;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real MinIO whose webhook target is a running bridge: an upload reaches the sink as an S3
 * adapter CloudEvent. Starts a private MinIO from {@code SPAMFLOW_MINIO_BIN}, because webhook
 * targets are server settings fixed at start-up.
 */
class MinioBridgeIT {
  private static final String TOKEN = "bridge-it-token";
  private static final String FIX =
      "start the servers first: source scripts/servers.sh && servers_install && servers_up";

  @TempDir Path temp;

  private SinkServer sink;
  private MinioBridge bridge;
  private Process minio;

  @BeforeEach
  void start() throws Exception {
    String bin = System.getenv("SPAMFLOW_MINIO_BIN");
    if (bin == null || bin.isBlank()) {
      throw new IllegalStateException("SPAMFLOW_MINIO_BIN is not set; " + FIX);
    }
    sink = new SinkServer(202);
    // The bridge listens first: MinIO probes its webhook target when it starts.
    bridge =
        MinioBridge.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            TOKEN,
            new S3EventConverter(),
            new HttpEventPublisher(HttpPublisherConfig.of(sink.uri())));
    int port = freePort();
    ProcessBuilder builder =
        new ProcessBuilder(
                bin,
                "server",
                temp.resolve("data").toString(),
                "--address",
                "127.0.0.1:" + port,
                "--console-address",
                "127.0.0.1:" + freePort())
            .redirectErrorStream(true)
            .redirectOutput(temp.resolve("minio.log").toFile());
    builder.environment().put("MINIO_ROOT_USER", "bridge");
    builder.environment().put("MINIO_ROOT_PASSWORD", "bridge-secret-123");
    builder.environment().put("MINIO_BROWSER", "off");
    builder.environment().put("MINIO_NOTIFY_WEBHOOK_ENABLE_SPAMFLOW", "on");
    builder
        .environment()
        .put("MINIO_NOTIFY_WEBHOOK_ENDPOINT_SPAMFLOW", "http://127.0.0.1:" + bridge.port() + "/");
    builder.environment().put("MINIO_NOTIFY_WEBHOOK_AUTH_TOKEN_SPAMFLOW", TOKEN);
    minio = builder.start();
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    awaitHealthy(endpoint.resolve("/minio/health/live"));
    MinioObjectStore store =
        MinioObjectStore.open(
            new MinioConfig(
                endpoint,
                "bridge",
                "bridge-secret-123",
                "spamflow",
                MinioConfig.DEFAULT_PART_SIZE,
                new RetrySettings(2, Duration.ofMillis(100), Duration.ofMillis(200))));
    store.configureNotifications(
        List.of(new BucketNotification("SPAMFLOW", List.of("s3:ObjectCreated:*"), "inbox/", "")));
    store.put("inbox/my file.csv", "label,text\n".getBytes(StandardCharsets.UTF_8), "text/csv");
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (minio != null) {
      minio.destroy();
      if (!minio.waitFor(20, TimeUnit.SECONDS)) {
        minio.destroyForcibly().waitFor();
      }
    }
    if (bridge != null) {
      bridge.close();
    }
    if (sink != null) {
      sink.close();
    }
  }

  @Test
  void anUploadReachesTheSinkAsAnS3AdapterCloudEvent() throws Exception {
    SinkServer.Received received = sink.received.poll(30, TimeUnit.SECONDS);

    assertThat(received).as("no event within 30 s; MinIO log:\n%s", minioLog()).isNotNull();
    CloudEvent event = received.event();
    assertThat(event.getType()).isEqualTo(EventTypes.S3_OBJECT_CREATED_PUT);
    assertThat(event.getSubject()).isEqualTo("inbox/my file.csv");
    assertThat(event.getSource()).isEqualTo(URI.create("minio:s3..spamflow"));
    assertThat(received.headers()).containsEntry("ce-subject", "inbox/my%20file.csv");
    JsonNode data = new ObjectMapper().readTree(event.getData().toBytes());
    assertThat(data.path("s3").path("object").path("eTag").asText()).isNotEmpty();
    // The id joins MinIO's request id and host id, so a redelivered notification keeps its id.
    assertThat(event.getId())
        .isEqualTo(
            data.path("responseElements").path("x-amz-request-id").asText()
                + "."
                + data.path("responseElements").path("x-amz-id-2").asText());
  }

  private void awaitHealthy(URI health) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      if (!minio.isAlive()) {
        throw new IllegalStateException("MinIO exited while starting:\n" + minioLog());
      }
      try {
        HttpResponse<Void> response =
            client.send(
                HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 == 2) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("MinIO not healthy at " + health + " in 60 s:\n" + minioLog());
  }

  private String minioLog() throws IOException {
    Path log = temp.resolve("minio.log");
    if (!Files.exists(log)) {
      return "(no log)";
    }
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
