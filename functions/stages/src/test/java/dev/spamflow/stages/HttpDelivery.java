package dev.spamflow.stages;

import dev.spamflow.adapters.http.CloudEventHeaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Sends a request to a stage over HTTP, as a Knative Trigger delivers an event. */
final class HttpDelivery {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private HttpDelivery() {}

  /** GETs {@code path} from the port; returns the status and body. */
  static StageTestBase.Answer get(int port, String path) {
    return send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build());
  }

  /** POSTs {@code body} with {@code headers} ({@code ce-*} values percent-encoded) to the port. */
  static StageTestBase.Answer post(int port, Map<String, String> headers, byte[] body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
            .timeout(Duration.ofMinutes(5))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(
        (name, value) ->
            request.header(
                name,
                name.regionMatches(true, 0, "ce-", 0, 3)
                    ? CloudEventHeaders.encode(value)
                    : value));
    return send(request.build());
  }

  private static StageTestBase.Answer send(HttpRequest request) {
    try {
      HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      return new StageTestBase.Answer(
          response.statusCode(), response.body(), response.headers().map());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
