package dev.spamflow.devtools.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.jackson.JsonFormat;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker ingress over real HTTP, with real HTTP subscribers on loopback, routing by the same
 * Trigger fixture as {@link InProcessBrokerTest}.
 */
class BrokerServerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path temp;

  private final HttpClient client = HttpClient.newHttpClient();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : open.reversed()) {
      closeable.close();
    }
  }

  private SubscriberServer subscriber(Integer... script) throws Exception {
    SubscriberServer server = new SubscriberServer(script);
    open.add(server);
    return server;
  }

  private BrokerServer broker(Map<String, SubscriberServer> routes) throws Exception {
    return broker(routes, BrokerServer.Options.DEFAULT);
  }

  private BrokerServer broker(Map<String, SubscriberServer> routes, BrokerServer.Options options)
      throws Exception {
    Map<String, Subscriber> subscribers = new LinkedHashMap<>();
    routes.forEach(
        (name, server) ->
            subscribers.put(name, new HttpSubscriber(server.uri(), client, Duration.ofSeconds(5))));
    BrokerServer broker =
        BrokerServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            "spamflow",
            TriggerManifests.read(fixture()),
            subscribers,
            new DeadLetterLog(temp.resolve("dead.jsonl")),
            options);
    open.add(broker);
    return broker;
  }

  private static Path fixture() throws URISyntaxException {
    return Path.of(BrokerServerTest.class.getResource("/knative/triggers.yaml").toURI());
  }

  @Test
  void aBinaryModeEventIsAcceptedAndDeliveredInBinaryMode() throws Exception {
    SubscriberServer ingest = subscriber();
    BrokerServer broker = broker(Map.of("ingest", ingest));

    HttpResponse<String> answer = postBinary(broker.uri(), s3Event("inbox/my file.csv"));

    assertThat(answer.statusCode()).isEqualTo(202);
    SubscriberServer.Received received = ingest.received.poll(10, TimeUnit.SECONDS);
    assertThat(received).isNotNull();
    assertThat(received.event().getSubject()).isEqualTo("inbox/my file.csv");
    assertThat(received.event().getData().toBytes())
        .isEqualTo("{\"key\":\"x\"}".getBytes(StandardCharsets.UTF_8));
    // Binary mode: the attributes travel as headers, percent-encoded as the HTTP binding says.
    assertThat(received.headers())
        .containsEntry("ce-type", "com.amazonaws.s3.ObjectCreated:Put")
        .containsEntry("ce-subject", "inbox/my%20file.csv")
        .containsEntry("content-type", "application/json");
  }

  @Test
  void aStructuredModeEventIsAcceptedOnTheKnativeIngressPath() throws Exception {
    SubscriberServer ingest = subscriber();
    BrokerServer broker = broker(Map.of("ingest", ingest));
    EventFormat json = new JsonFormat();

    HttpResponse<String> answer =
        client.send(
            HttpRequest.newBuilder(broker.uri().resolve("/spamflow-ns/spamflow"))
                .header("Content-Type", JsonFormat.CONTENT_TYPE)
                .POST(
                    HttpRequest.BodyPublishers.ofByteArray(json.serialize(s3Event("inbox/a.tsv"))))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).isEqualTo(202);
    SubscriberServer.Received received = ingest.received.poll(10, TimeUnit.SECONDS);
    assertThat(received).isNotNull();
    assertThat(received.event().getSubject()).isEqualTo("inbox/a.tsv");
    assertThat(received.headers()).containsKey("ce-id");
  }

  @Test
  void aBodyThatIsNotACloudEventIsRefusedWithTheReason() throws Exception {
    BrokerServer broker = broker(Map.of());

    HttpResponse<String> answer =
        client.send(
            HttpRequest.newBuilder(broker.uri())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"Records\":[]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("not a CloudEvent");
    assertThat(broker.pendingDeliveries()).isZero();
  }

  @Test
  void otherPathsAndMethodsAreRefused() throws Exception {
    BrokerServer broker = broker(Map.of());

    HttpResponse<String> get =
        client.send(
            HttpRequest.newBuilder(broker.uri()).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> elsewhere =
        client.send(
            HttpRequest.newBuilder(broker.uri().resolve("/ns/other-broker"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> health =
        client.send(
            HttpRequest.newBuilder(broker.uri().resolve("/healthz")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(elsewhere.statusCode()).isEqualTo(404);
    assertThat(health.statusCode()).isEqualTo(200);
  }

  @Test
  void theAnswerComesBeforeASlowSubscriberIsDone() throws Exception {
    SubscriberServer ingest = subscriber().hold();
    BrokerServer broker = broker(Map.of("ingest", ingest));

    HttpResponse<String> answer = postBinary(broker.uri(), s3Event("inbox/big.csv"));

    // Accepted while the subscriber still holds its answer: delivery does not block the sender.
    assertThat(answer.statusCode()).isEqualTo(202);
    assertThat(broker.pendingDeliveries()).isEqualTo(1);
    ingest.release();
    assertThat(broker.awaitIdle(WAIT)).isTrue();
    assertThat(ingest.received).hasSize(1);
  }

  @Test
  void failedDeliveriesAreRetriedAsTheTriggerSaysThenDeadLettered() throws Exception {
    // ingest-on-upload: retry 2, so three tries; the third succeeds.
    SubscriberServer ingest = subscriber(500, 503);
    // curate-on-ingested: retry 3, so four tries; all fail.
    SubscriberServer curate = subscriber(500, 500, 500, 404);
    BrokerServer broker = broker(Map.of("ingest", ingest, "curate", curate));

    postBinary(broker.uri(), s3Event("inbox/sms.csv"));
    postBinary(broker.uri(), ingested("raw/bad/manifest.json"));

    assertThat(broker.awaitIdle(WAIT)).isTrue();
    assertThat(ingest.requests).hasValue(3);
    assertThat(curate.requests).hasValue(4);
    List<DeadLetterLog.Entry> dead = broker.deadLetters().read();
    assertThat(dead).hasSize(1);
    assertThat(dead.getFirst().trigger()).isEqualTo("curate-on-ingested");
    assertThat(dead.getFirst().attempts()).isEqualTo(4);
    assertThat(dead.getFirst().error()).contains("HTTP 404");
    assertThat(dead.getFirst().event().getSubject()).isEqualTo("raw/bad/manifest.json");
  }

  @Test
  void anEventTheSubscriberRefusesWith400IsDeadLetteredWithoutRetries() throws Exception {
    // ingest-on-upload allows two retries; a 400 says another try would be refused too.
    SubscriberServer ingest = subscriber(400, 202);
    BrokerServer broker = broker(Map.of("ingest", ingest));

    postBinary(broker.uri(), s3Event("inbox/sms.csv"));

    assertThat(broker.awaitIdle(WAIT)).isTrue();
    assertThat(ingest.requests).hasValue(1);
    List<DeadLetterLog.Entry> dead = broker.deadLetters().read();
    assertThat(dead).hasSize(1);
    assertThat(dead.getFirst().attempts()).isEqualTo(1);
    assertThat(dead.getFirst().error()).contains("HTTP 400");
  }

  @Test
  void aSubscriberThatIsNotListeningIsRetriedThenDeadLettered() throws Exception {
    SubscriberServer gone = subscriber();
    gone.close();
    BrokerServer broker = broker(Map.of("ingest", gone));

    postBinary(broker.uri(), s3Event("inbox/sms.csv"));

    assertThat(broker.awaitIdle(WAIT)).isTrue();
    // retry: 2 in the fixture, so three connection attempts before the dead letter.
    assertThat(broker.deadLetters().read())
        .singleElement()
        .satisfies(
            entry -> {
              assertThat(entry.attempts()).isEqualTo(3);
              assertThat(entry.error()).contains("ConnectException");
            });
  }

  @Test
  void aReplyEventIsRoutedLikeAnyOtherEvent() throws Exception {
    SubscriberServer curate = subscriber();
    SubscriberServer ingest =
        subscriber().replyWith(event -> ingested("raw/" + event.getId() + "/manifest.json"));
    BrokerServer broker = broker(Map.of("ingest", ingest, "curate", curate));
    List<String> seen = new CopyOnWriteArrayList<>();
    broker.addListener(event -> seen.add(event.getType()));

    postBinary(broker.uri(), s3Event("inbox/sms.csv"));

    SubscriberServer.Received received = curate.received.poll(10, TimeUnit.SECONDS);
    assertThat(received).isNotNull();
    assertThat(received.event().getType()).isEqualTo("dev.spamflow.dataset.ingested");
    assertThat(broker.awaitIdle(WAIT)).isTrue();
    assertThat(seen)
        .containsExactly("com.amazonaws.s3.ObjectCreated:Put", "dev.spamflow.dataset.ingested");
  }

  @Test
  void aFullBrokerAnswers503SoTheSenderRetries() throws Exception {
    SubscriberServer ingest = subscriber().hold();
    BrokerServer broker =
        broker(Map.of("ingest", ingest), new BrokerServer.Options(1, Duration.ofSeconds(5)));

    HttpResponse<String> first = postBinary(broker.uri(), s3Event("inbox/1.csv"));
    HttpResponse<String> second = postBinary(broker.uri(), s3Event("inbox/2.csv"));

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(second.statusCode()).isEqualTo(503);
    assertThat(second.body()).contains("pending");
    ingest.release();
    assertThat(broker.awaitIdle(WAIT)).isTrue();
  }

  @Test
  void closeLetsRunningDeliveriesFinishAndThenTakesNoMore() throws Exception {
    SubscriberServer ingest = subscriber().hold();
    BrokerServer broker = broker(Map.of("ingest", ingest));
    postBinary(broker.uri(), s3Event("inbox/sms.csv"));
    Thread releaser =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    Thread.sleep(300);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  ingest.release();
                });

    broker.close();

    releaser.join();
    // The delivery running at close finished within the grace period rather than being lost.
    assertThat(ingest.received).hasSize(1);
    assertThat(broker.pendingDeliveries()).isZero();
    assertThat(broker.deadLetters().read()).isEmpty();
  }

  @Test
  void aDeliveryStillRunningAfterTheGraceEndsInTheDeadLetterLog() throws Exception {
    SubscriberServer ingest = subscriber().hold();
    BrokerServer broker =
        broker(Map.of("ingest", ingest), new BrokerServer.Options(10, Duration.ofMillis(200)));
    postBinary(broker.uri(), s3Event("inbox/sms.csv"));

    broker.close();

    assertThat(broker.deadLetters().read())
        .singleElement()
        .satisfies(entry -> assertThat(entry.event().getSubject()).isEqualTo("inbox/sms.csv"));
    assertThat(broker.pendingDeliveries()).isZero();
  }

  private HttpResponse<String> postBinary(URI uri, CloudEvent event) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri);
    request.header("ce-specversion", "1.0");
    request.header("ce-id", event.getId());
    request.header("ce-type", event.getType());
    request.header("ce-source", event.getSource().toString());
    request.header("ce-subject", event.getSubject().replace(" ", "%20"));
    request.header("Content-Type", "application/json");
    byte[] data = event.getData() == null ? new byte[0] : event.getData().toBytes();
    return client.send(
        request.POST(HttpRequest.BodyPublishers.ofByteArray(data)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static CloudEvent s3Event(String key) {
    return CloudEventBuilder.v1()
        .withId("req-" + key.hashCode())
        .withType("com.amazonaws.s3.ObjectCreated:Put")
        .withSource(URI.create("minio:s3..spamflow"))
        .withSubject(key)
        .withDataContentType("application/json")
        .withData("{\"key\":\"x\"}".getBytes(StandardCharsets.UTF_8))
        .build();
  }

  private static CloudEvent ingested(String manifest) {
    return CloudEventBuilder.v1()
        .withId("ingested-" + manifest.hashCode())
        .withType("dev.spamflow.dataset.ingested")
        .withSource(URI.create("/spamflow/ingest"))
        .withSubject(manifest)
        .withDataContentType("application/json")
        .withData("{}".getBytes(StandardCharsets.UTF_8))
        .build();
  }
}
