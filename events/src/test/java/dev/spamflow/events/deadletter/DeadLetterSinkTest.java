package dev.spamflow.events.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.adapters.http.CloudEventHeaders;
import dev.spamflow.events.EventTypes;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dead-letter sink over real HTTP, fed as Knative's Broker feeds it: events in binary and
 * structured mode with the {@code knativeerror*} extensions; counted for Prometheus, never answered
 * with an event.
 */
class DeadLetterSinkTest {

  private final HttpClient client = HttpClient.newHttpClient();
  private DeadLetterSink sink;

  @BeforeEach
  void start() throws Exception {
    sink = DeadLetterSink.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  @AfterEach
  void stop() {
    sink.close();
  }

  @Test
  void binaryAndStructuredDeadLettersAreCountedByTypeDestinationAndCode() throws Exception {
    HttpResponse<String> binary = postBinary(deadLetter("dl-1", "500"));
    HttpResponse<String> structured = postStructured(deadLetter("dl-2", "500"));
    postBinary(deadLetter("dl-3", "404"));

    for (HttpResponse<String> answer : List.of(binary, structured)) {
      assertThat(answer.statusCode()).isEqualTo(202);
      assertThat(answer.body()).isEmpty();
      // An answer with ce-* headers would go back to the Broker as a reply event.
      assertThat(answer.headers().map().keySet())
          .noneMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("ce-"));
    }
    String metrics = get("/metrics").body();
    assertThat(metrics)
        .contains(
            "spamflow_dead_letters_total{code=\"500\","
                + "destination=\"http://curate.spamflow.svc.cluster.local\","
                + "type=\"dev.spamflow.dataset.ingested\"} 2.0")
        .contains("code=\"404\"");
  }

  @Test
  void anEventWithoutTheBrokersExtensionsIsCountedAsUnknown() throws Exception {
    CloudEvent plain =
        CloudEventBuilder.v1()
            .withId("plain-1")
            .withType(EventTypes.MODEL_TRAINED)
            .withSource(URI.create("/spamflow/train"))
            .build();

    assertThat(postBinary(plain).statusCode()).isEqualTo(202);

    assertThat(get("/metrics").body())
        .contains(
            "spamflow_dead_letters_total{code=\"unknown\",destination=\"unknown\","
                + "type=\"dev.spamflow.model.trained\"} 1.0");
  }

  @Test
  void whatIsNotACloudEventIsRefusedAndNotCounted() throws Exception {
    HttpResponse<String> answer =
        client.send(
            HttpRequest.newBuilder(uri("/"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"hello\": 1}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("not a CloudEvent");
    assertThat(get("/metrics").body()).doesNotContain("spamflow_dead_letters_total{");
  }

  @Test
  void healthOtherPathsAndMethods() throws Exception {
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    assertThat(get("/nowhere").statusCode()).isEqualTo(404);
    HttpResponse<String> getRoot = get("/");
    assertThat(getRoot.statusCode()).isEqualTo(405);
    assertThat(getRoot.headers().firstValue("Allow")).contains("POST");
  }

  private static CloudEvent deadLetter(String id, String code) {
    return CloudEventBuilder.v1()
        .withId(id)
        .withType(EventTypes.DATASET_INGESTED)
        .withSource(URI.create("/spamflow/ingest"))
        .withDataContentType("application/json")
        .withData("{\"dataset\":\"abc\"}".getBytes(StandardCharsets.UTF_8))
        .withExtension("knativeerrordest", "http://curate.spamflow.svc.cluster.local")
        .withExtension("knativeerrorcode", code)
        .withExtension("knativeerrordata", "internal error")
        .build();
  }

  private HttpResponse<String> postBinary(CloudEvent event) throws Exception {
    Map<String, String> headers = new LinkedHashMap<>();
    byte[][] body = {new byte[0]};
    HttpMessageFactory.createWriter(
            headers::put, bytes -> body[0] = bytes == null ? body[0] : bytes)
        .writeBinary(event);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri("/")).POST(HttpRequest.BodyPublishers.ofByteArray(body[0]));
    headers.forEach(
        (name, value) ->
            request.header(
                name,
                name.regionMatches(true, 0, "ce-", 0, 3)
                    ? CloudEventHeaders.encode(value)
                    : value));
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> postStructured(CloudEvent event) throws Exception {
    byte[] json =
        EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE).serialize(event);
    return client.send(
        HttpRequest.newBuilder(uri("/"))
            .header("Content-Type", JsonFormat.CONTENT_TYPE)
            .POST(HttpRequest.BodyPublishers.ofByteArray(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + sink.port() + path);
  }
}
