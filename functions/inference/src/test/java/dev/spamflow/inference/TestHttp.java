package dev.spamflow.inference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A small HTTP client for the tests: the JDK's, so bodies can be as malformed as a test needs. */
public final class TestHttp {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** A client for the server at {@code base}, e.g. {@code http://localhost:1234}. */
  public TestHttp(URI base) {
    this.base = base;
  }

  /** GETs a path. */
  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  /** POSTs a JSON body. */
  public HttpResponse<String> post(String path, String json) {
    return post(path, json, Map.of("Content-Type", "application/json"));
  }

  /** POSTs a body with the given headers. */
  public HttpResponse<String> post(String path, String body, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    headers.forEach(request::header);
    return send(request);
  }

  /** POSTs a JSON body without a Content-Length (chunked), as a streaming client sends it. */
  public HttpResponse<String> postChunked(String path, String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));
  }

  /** Parses a response body as JSON. */
  public static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
    }
  }

  /** Writes a value as JSON text, for request bodies. */
  public static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Polls the readiness probe until a model serves (200 naming a model; a 200 with {@code "model":
   * null} only says the registry has no champion yet).
   *
   * @throws AssertionError if no model serves within {@code timeout}
   */
  public void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> readiness = get("/health/readiness");
      if (readiness.statusCode() == 200 && json(readiness).path("model").isObject()) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
    throw new AssertionError(
        "not ready within " + timeout + ": " + get("/health/readiness").body());
  }

  /** The model version that answers a spam text on {@code POST /api/predict} now. */
  public String answeringVersion() {
    return json(post("/api/predict", write(Map.of("text", TestTexts.spam()))))
        .get("model")
        .get("version")
        .asText();
  }

  /**
   * Posts a spam text until {@code version} answers it, as it does once a swap or a canary decision
   * has taken effect.
   *
   * @throws AssertionError if it does not within {@code timeout}
   */
  public void awaitAnswerFrom(String version, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String answering = answeringVersion();
    while (!answering.equals(version) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
      answering = answeringVersion();
    }
    if (!answering.equals(version)) {
      throw new AssertionError(
          "version " + version + " did not answer within " + timeout + "; " + answering + " does");
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return client.send(
          request.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Asserts an error answer: status, JSON body with kind, status and a real message. */
  public static void assertError(HttpResponse<String> response, int status, String kind) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/json");
    JsonNode body = json(response);
    assertThat(body.get("kind").asText()).isEqualTo(kind);
    assertThat(body.get("status").asInt()).isEqualTo(status);
    // Actionable: the message is a sentence, not just the status's name.
    assertThat(body.get("error").asText()).hasSizeGreaterThan(25);
  }
}
