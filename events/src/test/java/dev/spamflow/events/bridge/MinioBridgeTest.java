package dev.spamflow.events.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spamflow.adapters.RetrySettings;
import dev.spamflow.adapters.http.HttpEventPublisher;
import dev.spamflow.adapters.http.HttpPublisherConfig;
import dev.spamflow.events.Examples;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bridge over real HTTP, publishing to a real sink on loopback through HttpEventPublisher. */
class MinioBridgeTest {
  private static final String TOKEN = "bridge-token-1";
  private static final RetrySettings FAST =
      new RetrySettings(3, Duration.ofMillis(20), Duration.ofMillis(50));
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client = HttpClient.newHttpClient();
  private SinkServer sink;
  private MinioBridge bridge;

  @AfterEach
  void stop() {
    if (bridge != null) {
      bridge.close();
    }
    if (sink != null) {
      sink.close();
    }
  }

  @Test
  void aNotificationArrivesAtTheSinkInBinaryModeWithOverrides() throws Exception {
    start(202, Map.of("origin", "minio"));

    HttpResponse<String> response = post("/", "Bearer " + TOKEN, Examples.read("minio-put.json"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).get("published").asInt()).isEqualTo(1);
    SinkServer.Received received = sink.received.poll(5, TimeUnit.SECONDS);
    assertThat(received).isNotNull();
    assertThat(received.headers())
        .containsEntry("ce-specversion", "1.0")
        .containsEntry("ce-type", "com.amazonaws.s3.ObjectCreated:Put")
        .containsEntry("ce-source", "minio:s3..spamflow")
        // On the wire the space is percent-encoded, as the CloudEvents HTTP binding asks.
        .containsEntry("ce-subject", "inbox/my%20file.csv")
        .containsEntry("ce-origin", "minio")
        .containsEntry("content-type", "application/json")
        .containsKey("ce-id")
        .containsKey("ce-time");
    assertThat(received.event().getSubject()).isEqualTo("inbox/my file.csv");
    JsonNode data = JSON.readTree(received.event().getData().toBytes());
    assertThat(data.path("s3").path("object").path("key").asText())
        .isEqualTo("inbox%2Fmy+file.csv");
  }

  @Test
  void everyRecordOfANotificationIsPublishedBeforeTheAnswer() throws Exception {
    start(202, Map.of());
    ObjectNode body = (ObjectNode) JSON.readTree(Examples.read("minio-put.json"));
    ArrayNode records = (ArrayNode) body.get("Records");
    ObjectNode second = records.get(0).deepCopy();
    ((ObjectNode) second.get("s3").get("object")).put("key", "inbox%2Fsecond.csv");
    ((ObjectNode) second.get("responseElements")).put("x-amz-request-id", "REQ2");
    records.add(second);

    HttpResponse<String> response = post("/", "Bearer " + TOKEN, JSON.writeValueAsBytes(body));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).get("published").asInt()).isEqualTo(2);
    // The answer comes after the sink accepted both, so both are already there.
    assertThat(sink.received)
        .extracting(r -> r.event().getSubject())
        .containsExactly("inbox/my file.csv", "inbox/second.csv");
  }

  @Test
  void aWrongOrMissingTokenIsRefusedWith401AndNothingIsPublished() throws Exception {
    start(202, Map.of());
    byte[] body = Examples.read("minio-put.json");

    assertThat(post("/", "Bearer wrong", body).statusCode()).isEqualTo(401);
    assertThat(post("/", "Bearer " + TOKEN + "x", body).statusCode()).isEqualTo(401);
    assertThat(post("/", "Basic " + TOKEN, body).statusCode()).isEqualTo(401);
    assertThat(post("/", null, body).statusCode()).isEqualTo(401);
    assertThat(sink.requests.get()).isZero();
  }

  @Test
  void aSinkThatKeepsFailingGives502AfterTheRetries() throws Exception {
    start(500, Map.of());

    HttpResponse<String> response = post("/", "Bearer " + TOKEN, Examples.read("minio-put.json"));

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(JSON.readTree(response.body()).get("error").asText()).contains("HTTP 500");
    assertThat(sink.requests.get()).isEqualTo(FAST.maxAttempts());
  }

  @Test
  void malformedJsonGives400WithTheReason() throws Exception {
    start(202, Map.of());

    HttpResponse<String> notJson =
        post("/", "Bearer " + TOKEN, "{\"Records\":".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> noKey =
        post(
            "/",
            "Bearer " + TOKEN,
            "{\"Records\":[{\"eventName\":\"s3:ObjectCreated:Put\"}]}"
                .getBytes(StandardCharsets.UTF_8));

    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(notJson.body()).get("error").asText()).startsWith("body is not JSON");
    assertThat(noKey.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(noKey.body()).get("error").asText())
        .isEqualTo("Records[0].s3.bucket.name is missing or empty");
    assertThat(sink.requests.get()).isZero();
  }

  @Test
  void otherMethodsAndPathsAreRefusedAndTheMinioProbeIsAnswered() throws Exception {
    start(202, Map.of());

    HttpResponse<String> get =
        client.send(request("/").GET().build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> elsewhere =
        post("/other", "Bearer " + TOKEN, "{}".getBytes(StandardCharsets.UTF_8));
    // MinIO sends HEAD to its webhook endpoint at start-up; any answer marks the target online.
    HttpResponse<Void> head =
        client.send(
            request("/").method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.discarding());
    HttpResponse<String> health =
        client.send(request("/healthz").GET().build(), HttpResponse.BodyHandlers.ofString());

    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("POST, HEAD");
    assertThat(elsewhere.statusCode()).isEqualTo(404);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(sink.requests.get()).isZero();
  }

  @Test
  void aTooLargeBodyIsRefused() throws Exception {
    start(202, Map.of());

    HttpResponse<String> response =
        post("/", "Bearer " + TOKEN, new byte[MinioBridge.MAX_BODY_BYTES + 1]);

    assertThat(response.statusCode()).isEqualTo(413);
  }

  private void start(int sinkStatus, Map<String, String> overrides) throws IOException {
    sink = new SinkServer(sinkStatus);
    HttpPublisherConfig config =
        new HttpPublisherConfig(sink.uri(), overrides, FAST, Duration.ofSeconds(5));
    bridge =
        MinioBridge.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            TOKEN,
            new S3EventConverter(),
            new HttpEventPublisher(config));
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridge.port() + path))
        .timeout(Duration.ofSeconds(30));
  }

  private HttpResponse<String> post(String path, String authorization, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
