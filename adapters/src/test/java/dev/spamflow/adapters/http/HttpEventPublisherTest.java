package dev.spamflow.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spamflow.adapters.RetrySettings;
import dev.spamflow.core.port.EventPublishException;
import dev.spamflow.core.port.EventPublisher;
import dev.spamflow.core.port.EventPublisherContract;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpEventPublisherTest extends EventPublisherContract {
  private static final RetrySettings FAST =
      new RetrySettings(4, Duration.ofMillis(20), Duration.ofMillis(100));

  private SinkServer sink;

  @Override
  protected BlockingQueue<CloudEvent> receiver() throws Exception {
    sink = new SinkServer(List.of());
    return sink.received;
  }

  @Override
  protected EventPublisher publisher() {
    return new HttpEventPublisher(config(sink.uri(), Map.of()));
  }

  @AfterEach
  void stopSink() {
    sink.close();
  }

  @Test
  void retriesA500AndSucceedsOnceTheBrokerAnswers202() throws Exception {
    try (SinkServer flaky = new SinkServer(List.of(500))) {
      new HttpEventPublisher(config(flaky.uri(), Map.of())).publish(event("e-500"));

      assertThat(flaky.requests.get()).isEqualTo(2);
      assertThat(flaky.received).extracting(CloudEvent::getId).containsExactly("e-500");
    }
  }

  @Test
  void aClientErrorIsNotRetriedAndNamesTheEvent() throws Exception {
    try (SinkServer refusing = new SinkServer(List.of(400))) {
      assertThatThrownBy(
              () ->
                  new HttpEventPublisher(config(refusing.uri(), Map.of())).publish(event("e-400")))
          .isInstanceOf(EventPublishException.class)
          .hasMessageContaining("e-400")
          .hasMessageContaining("HTTP 400");
      assertThat(refusing.requests.get()).isEqualTo(1);
    }
  }

  @Test
  void persistent5xxFailsAfterTheLastTry() throws Exception {
    try (SinkServer down = new SinkServer(List.of(503, 503, 503, 503, 503))) {
      assertThatThrownBy(
              () -> new HttpEventPublisher(config(down.uri(), Map.of())).publish(event("e-503")))
          .isInstanceOf(EventPublishException.class)
          .hasMessageContaining("HTTP 503");
      assertThat(down.requests.get()).isEqualTo(FAST.maxAttempts());
    }
  }

  @Test
  void anUnreachableSinkFailsWithAClearError() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    URI nobody = URI.create("http://127.0.0.1:" + port + "/");

    assertThatThrownBy(() -> new HttpEventPublisher(config(nobody, Map.of())).publish(event("e-x")))
        .isInstanceOf(EventPublishException.class)
        .hasMessageContaining("e-x")
        .hasMessageContaining(nobody.toString());
  }

  @Test
  void knativeOverridesAreAppliedFromTheEnvironment() throws Exception {
    HttpPublisherConfig fromEnv =
        HttpPublisherConfig.fromEnv(
            Map.of(
                "K_SINK",
                sink.uri().toString(),
                "K_CE_OVERRIDES",
                "{\"extensions\":{\"cluster\":\"local\"}}"));

    new HttpEventPublisher(fromEnv).publish(event("e-over"));

    CloudEvent arrived = sink.received.poll(10, TimeUnit.SECONDS);
    assertThat(arrived).isNotNull();
    assertThat(arrived.getExtension("cluster")).hasToString("local");
  }

  @Test
  void attributeValuesOutsidePrintableAsciiArrivePercentEncodedAndIntact() throws Exception {
    // An upload named like this becomes the subject of the bridge's event.
    String subject = "inbox/日本 report 100%.csv";
    try (SinkServer plain = new SinkServer(List.of())) {
      new HttpEventPublisher(config(plain.uri(), Map.of()))
          .publish(CloudEventBuilder.from(event("e-utf8")).withSubject(subject).build());

      CloudEvent received = plain.received.poll(5, TimeUnit.SECONDS);
      assertThat(received).isNotNull();
      assertThat(received.getSubject()).isEqualTo(subject);
    }
  }

  @Test
  void headerEncodingRoundTripsAndLeavesPlainValuesAlone() {
    assertThat(CloudEventHeaders.encode("inbox/a.csv")).isEqualTo("inbox/a.csv");
    assertThat(CloudEventHeaders.encode("a b\"%é")).isEqualTo("a%20b%22%25%C3%A9");
    assertThat(CloudEventHeaders.decode("a%20b%22%25%C3%A9")).isEqualTo("a b\"%é");
    // A stray percent sign that is not an escape survives.
    assertThat(CloudEventHeaders.decode("100%")).isEqualTo("100%");
  }

  @Test
  void theBinaryPostCarriesEncodedAttributesTheContentTypeAndTheData() {
    CloudEvent event =
        CloudEventBuilder.from(event("e-post"))
            .withSubject("inbox/日本 100%.csv")
            .withData("application/json", "{\"rows\":3}".getBytes(StandardCharsets.UTF_8))
            .build();

    HttpRequest request =
        CloudEventHeaders.binaryPost(
            event, HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/")).header("x-a", "b c"));

    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.headers().firstValue("ce-subject"))
        .hasValue("inbox/%E6%97%A5%E6%9C%AC%20100%25.csv");
    assertThat(request.headers().firstValue("ce-id")).hasValue("e-post");
    assertThat(request.headers().firstValue("content-type")).hasValue("application/json");
    // Headers that are not attributes pass as the caller set them.
    assertThat(request.headers().firstValue("x-a")).hasValue("b c");
    assertThat(request.bodyPublisher().orElseThrow().contentLength())
        .isEqualTo("{\"rows\":3}".length());
  }

  @Test
  void aMissingSinkIsAConfigurationError() {
    assertThatThrownBy(() -> HttpPublisherConfig.fromEnv(Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("K_SINK");
  }

  private static HttpPublisherConfig config(URI uri, Map<String, String> overrides) {
    return new HttpPublisherConfig(uri, overrides, FAST, Duration.ofSeconds(5));
  }

  private static CloudEvent event(String id) {
    return CloudEventBuilder.v1()
        .withId(id)
        .withType("dev.spamflow.model.promoted")
        .withSource(URI.create("/spamflow/register"))
        .withSubject(UUID.randomUUID().toString())
        .build();
  }
}
