package dev.spamflow.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamflow.adapters.RetrySettings;
import dev.spamflow.adapters.Settings;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how {@link HttpEventPublisher} sends events.
 *
 * @param sink the broker's address; Knative injects it as {@code K_SINK}
 * @param extensionOverrides extensions set on every event; Knative injects them as {@code
 *     K_CE_OVERRIDES} ({@code {"extensions":{"name":"value"}}})
 * @param retry retries on connection errors and 5xx answers
 * @param requestTimeout the longest wait for one answer
 */
public record HttpPublisherConfig(
    URI sink,
    Map<String, String> extensionOverrides,
    RetrySettings retry,
    Duration requestTimeout) {
  /** Knative's variable for the sink address. */
  public static final String SINK_ENV = "K_SINK";

  /** Knative's variable for CloudEvent extension overrides. */
  public static final String OVERRIDES_ENV = "K_CE_OVERRIDES";

  /** Used when no timeout is given. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** Validates and copies the arguments. */
  public HttpPublisherConfig {
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    extensionOverrides = Map.copyOf(extensionOverrides);
  }

  /** A configuration with no overrides and the default retries and timeout. */
  public static HttpPublisherConfig of(URI sink) {
    return new HttpPublisherConfig(sink, Map.of(), RetrySettings.DEFAULT, DEFAULT_REQUEST_TIMEOUT);
  }

  /**
   * Reads {@code K_SINK} and {@code K_CE_OVERRIDES}.
   *
   * @throws IllegalStateException if {@code K_SINK} is unset or {@code K_CE_OVERRIDES} is not the
   *     JSON Knative writes
   */
  public static HttpPublisherConfig fromEnv(Map<String, String> env) {
    Settings settings = Settings.of(env);
    URI sink = URI.create(settings.require(SINK_ENV, "the broker events are sent to"));
    return new HttpPublisherConfig(
        sink,
        parseOverrides(settings.get(OVERRIDES_ENV, "")),
        RetrySettings.DEFAULT,
        DEFAULT_REQUEST_TIMEOUT);
  }

  static Map<String, String> parseOverrides(String json) {
    if (json.isBlank()) {
      return Map.of();
    }
    try {
      JsonNode extensions = new ObjectMapper().readTree(json).path("extensions");
      Map<String, String> result = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> entry : extensions.properties()) {
        result.put(entry.getKey(), entry.getValue().asText());
      }
      return result;
    } catch (IOException e) {
      throw new IllegalStateException(
          OVERRIDES_ENV + " is not JSON like {\"extensions\":{\"name\":\"value\"}}", e);
    }
  }
}
