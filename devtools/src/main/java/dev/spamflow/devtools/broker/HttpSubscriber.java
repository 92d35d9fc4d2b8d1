package dev.spamflow.devtools.broker;

import dev.spamflow.adapters.http.CloudEventHeaders;
import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A subscriber reached over HTTP, as a Knative Trigger reaches a Service: the event is POSTed in
 * binary mode ({@code ce-*} headers, data as the body). A 2xx answer is a delivery; an answer that
 * carries an event (binary or structured) is the subscriber's reply. Any other answer, a timeout or
 * a connection error fails the try, which the broker retries as the Trigger says, except for the
 * 4xx answers a Knative Broker does not retry either (all but 404, 408, 409 and 429): those fail
 * with {@link UnretryableDeliveryException}.
 */
public final class HttpSubscriber implements Subscriber {
  /**
   * The longest wait for one answer unless told otherwise: a training run answers only when it is
   * done, and takes minutes.
   */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(15);

  private static final int MAX_ERROR_CHARS = 300;

  private final URI uri;
  private final Duration timeout;
  private final HttpClient client;

  /**
   * A subscriber at {@code uri}.
   *
   * @param client the client to send with (shared by a broker's subscribers)
   * @param timeout the longest wait for one answer
   */
  public HttpSubscriber(URI uri, HttpClient client, Duration timeout) {
    this.uri = Objects.requireNonNull(uri, "uri");
    this.client = Objects.requireNonNull(client, "client");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** The subscriber's address. */
  public URI uri() {
    return uri;
  }

  /**
   * POSTs {@code event} and waits for the answer.
   *
   * @return the reply event the answer carries, or empty
   * @throws UnretryableDeliveryException naming the status and the start of the body for a 4xx
   *     answer that another try cannot change
   * @throws IOException naming the status and the start of the body for another non-2xx answer, or
   *     for a connection error or timeout
   * @throws InterruptedException if interrupted while waiting
   */
  @Override
  public Optional<CloudEvent> deliver(CloudEvent event) throws IOException, InterruptedException {
    HttpRequest request =
        CloudEventHeaders.binaryPost(event, HttpRequest.newBuilder(uri).timeout(timeout));
    HttpResponse<byte[]> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      // The JDK's ConnectException has no message: name the subscriber for the dead-letter log.
      throw new IOException("cannot deliver to " + uri + ": " + e, e);
    }
    int status = response.statusCode();
    if (status / 100 != 2) {
      String message =
          "HTTP "
              + status
              + " from "
              + uri
              + ": "
              + abbreviate(new String(response.body(), StandardCharsets.UTF_8));
      throw retryable(status)
          ? new IOException(message)
          : new UnretryableDeliveryException(message);
    }
    return reply(response);
  }

  private Optional<CloudEvent> reply(HttpResponse<byte[]> response) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    response.headers().map().forEach((name, values) -> headers.put(name, values.getFirst()));
    String contentType = headers.getOrDefault("content-type", "").toLowerCase(Locale.ROOT).strip();
    boolean binary = headers.containsKey("ce-specversion");
    boolean structured = contentType.startsWith("application/cloudevents");
    if (!binary && !structured) {
      // A plain answer (or none) acknowledges the event without replying, as in Knative.
      return Optional.empty();
    }
    try {
      byte[] body = response.body();
      return Optional.of(
          HttpMessageFactory.createReader(
                  CloudEventHeaders.decodeAll(headers), body.length == 0 ? null : body)
              .toEvent());
    } catch (RuntimeException e) {
      throw new IOException(uri + " answered with a malformed reply event: " + e.getMessage(), e);
    }
  }

  /**
   * Whether another try may succeed, by Knative Eventing's rule: 5xx, and of the 4xx only 404 (not
   * there yet), 408 (timeout), 409 (conflict) and 429 (too many requests).
   */
  static boolean retryable(int status) {
    return status / 100 != 4 || status == 404 || status == 408 || status == 409 || status == 429;
  }

  private static String abbreviate(String text) {
    String line = text.strip();
    return line.length() <= MAX_ERROR_CHARS ? line : line.substring(0, MAX_ERROR_CHARS) + "...";
  }

  @Override
  public String toString() {
    return "HttpSubscriber[" + uri + "]";
  }
}
