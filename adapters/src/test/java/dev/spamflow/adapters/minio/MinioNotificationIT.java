package dev.spamflow.adapters.minio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.spamflow.adapters.RetrySettings;
import dev.spamflow.adapters.ServerProcess;
import dev.spamflow.adapters.TestServers;
import dev.spamflow.core.port.ObjectStoreException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bucket notifications against a real MinIO whose webhook target points at a receiver in this test,
 * as the minio-bridge will receive them.
 */
class MinioNotificationIT {
  private static final String TOKEN = "webhook-token-1";

  @TempDir Path temp;

  private final BlockingQueue<Map.Entry<String, JsonNode>> received = new LinkedBlockingQueue<>();
  private HttpServer receiver;
  private ServerProcess minio;
  private MinioObjectStore store;

  @BeforeEach
  void start() throws Exception {
    // The receiver listens first: MinIO checks its webhook targets when it starts.
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
          received.add(Map.entry(auth, new ObjectMapper().readTree(body)));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
    int port = TestServers.freePort();
    minio =
        new ServerProcess(
                List.of(
                    TestServers.require("SPAMFLOW_MINIO_BIN"),
                    "server",
                    temp.resolve("data").toString(),
                    "--address",
                    "127.0.0.1:" + port,
                    "--console-address",
                    "127.0.0.1:" + TestServers.freePort()),
                Map.of(
                    "MINIO_ROOT_USER", "notify",
                    "MINIO_ROOT_PASSWORD", "notify-secret-123",
                    "MINIO_BROWSER", "off",
                    "MINIO_NOTIFY_WEBHOOK_ENABLE_SPAMFLOW", "on",
                    "MINIO_NOTIFY_WEBHOOK_ENDPOINT_SPAMFLOW",
                        "http://127.0.0.1:" + receiver.getAddress().getPort() + "/minio",
                    "MINIO_NOTIFY_WEBHOOK_AUTH_TOKEN_SPAMFLOW", TOKEN),
                URI.create("http://127.0.0.1:" + port + "/minio/health/live"),
                temp.resolve("minio.log"),
                Duration.ofMinutes(1))
            .start();
    store =
        MinioObjectStore.open(
            new MinioConfig(
                URI.create("http://127.0.0.1:" + port),
                "notify",
                "notify-secret-123",
                "spamflow",
                MinioConfig.DEFAULT_PART_SIZE,
                new RetrySettings(2, Duration.ofMillis(100), Duration.ofMillis(200))));
  }

  @AfterEach
  void stop() throws InterruptedException {
    minio.stop();
    receiver.stop(0);
  }

  @Test
  void uploadsBelowThePrefixAreSentToTheWebhookWithTheToken() throws Exception {
    store.configureNotifications(
        List.of(
            new BucketNotification("SPAMFLOW", List.of("s3:ObjectCreated:*"), "inbox/", ".csv")));

    store.put("raw/ignored.csv", "x".getBytes(StandardCharsets.UTF_8), "text/csv");
    store.put("inbox/my file.csv", "label,text\n".getBytes(StandardCharsets.UTF_8), "text/csv");

    Map.Entry<String, JsonNode> notification = received.poll(30, TimeUnit.SECONDS);
    assertThat(notification).isNotNull();
    assertThat(notification.getKey()).isEqualTo("Bearer " + TOKEN);
    JsonNode record = notification.getValue().path("Records").path(0);
    assertThat(record.path("eventName").asText()).isEqualTo("s3:ObjectCreated:Put");
    assertThat(record.path("s3").path("bucket").path("name").asText()).isEqualTo("spamflow");
    // MinIO URL-encodes the key in Records[]: '/' as %2F and ' ' as '+' (see DESIGN.md).
    assertThat(record.path("s3").path("object").path("key").asText())
        .isEqualTo("inbox%2Fmy+file.csv");
    // The object outside the prefix raised no notification.
    assertThat(received.poll(2, TimeUnit.SECONDS)).isNull();
  }

  @Test
  void aTargetTheServerDoesNotKnowIsRefused() {
    assertThatThrownBy(
            () ->
                store.configureNotifications(
                    List.of(new BucketNotification("NOPE", List.of("s3:ObjectCreated:*"), "", ""))))
        .isInstanceOf(ObjectStoreException.class)
        .hasMessageContaining("configure notifications");
  }
}
