package dev.spamflow.adapters.http;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import dev.spamflow.core.port.EventPublishException;
import dev.spamflow.core.port.EventPublisher;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes CloudEvents to a Knative sink over HTTP in binary mode ({@code ce-*} headers, data as
 * the body), with {@code K_CE_OVERRIDES} applied.
 *
 * <p>Connection errors and 5xx answers are retried with exponential back-off (Failsafe); a 4xx
 * answer is final, since sending the same event again cannot fix it. After the last try {@link
 * EventPublishException} names the event, the sink and the last answer.
 */
public final class HttpEventPublisher implements EventPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(HttpEventPublisher.class);

  private final HttpPublisherConfig config;
  private final HttpClient client;
  private final FailsafeExecutor<HttpResponse<String>> retries;

  /** Creates a publisher with its own HTTP client. */
  public HttpEventPublisher(HttpPublisherConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.client = HttpClient.newBuilder().connectTimeout(config.requestTimeout()).build();
    RetryPolicy<HttpResponse<String>> policy =
        config
            .retry()
            .<HttpResponse<String>>policy()
            .handle(IOException.class)
            .handleResultIf(response -> response.statusCode() >= 500)
            .onRetry(
                attempt ->
                    LOG.warn(
                        "publishing to {} failed (attempt {}), retrying: {}",
                        config.sink(),
                        attempt.getAttemptCount(),
                        attempt.getLastException() != null
                            ? attempt.getLastException().toString()
                            : "HTTP " + attempt.getLastResult().statusCode()))
            .build();
    this.retries = Failsafe.with(policy);
  }

  @Override
  public void publish(CloudEvent event) {
    Objects.requireNonNull(event, "event");
    CloudEvent outgoing = applyOverrides(event);
    HttpRequest built =
        CloudEventHeaders.binaryPost(
            outgoing, HttpRequest.newBuilder(config.sink()).timeout(config.requestTimeout()));
    HttpResponse<String> response;
    try {
      response = retries.get(() -> client.send(built, HttpResponse.BodyHandlers.ofString()));
    } catch (FailsafeException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new EventPublishException(
          describe(event) + " could not be sent to " + config.sink() + ": " + cause, cause);
    }
    if (response.statusCode() / 100 != 2) {
      throw new EventPublishException(
          describe(event)
              + " was refused by "
              + config.sink()
              + " with HTTP "
              + response.statusCode()
              + ": "
              + abbreviate(response.body()));
    }
  }

  private CloudEvent applyOverrides(CloudEvent event) {
    if (config.extensionOverrides().isEmpty()) {
      return event;
    }
    CloudEventBuilder builder = CloudEventBuilder.from(event);
    config.extensionOverrides().forEach(builder::withExtension);
    return builder.build();
  }

  private static String describe(CloudEvent event) {
    return "event " + event.getId() + " (" + event.getType() + ")";
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }
}
