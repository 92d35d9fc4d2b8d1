package dev.spamflow.adapters.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the small services on the JDK's HTTP server (the minio-bridge, the dead-letter sink, the
 * local broker) answer and read alike: JSON answers with an {@code error} field, 405 with {@code
 * Allow}, a request body read up to a cap with 413 past it, and a CloudEvent in either mode. Kept
 * here so the three answer a client the same way.
 */
public final class JdkExchanges {

  /** The content type of every JSON answer. */
  public static final String JSON = "application/json";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JdkExchanges() {}

  /** A new, empty JSON object for an answer. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Answers {@code code} with {@code body} as JSON. */
  public static void respond(HttpExchange exchange, int code, ObjectNode body) throws IOException {
    byte[] bytes;
    try {
      bytes = MAPPER.writeValueAsBytes(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // An ObjectNode of strings and numbers always serialises; this would be a Jackson bug.
      throw new UncheckedIOException(e);
    }
    respond(exchange, code, JSON, bytes);
  }

  /** Answers {@code code} with {@code body} of the given content type. */
  public static void respond(HttpExchange exchange, int code, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(code, body.length);
    exchange.getResponseBody().write(body);
  }

  /** Answers {@code code} with {@code {"error": reason}}. */
  public static void error(HttpExchange exchange, int code, String reason) throws IOException {
    respond(exchange, code, object().put("error", reason));
  }

  /**
   * Answers 405 for a method the path does not take.
   *
   * @param allow the {@code Allow} header, e.g. {@code "POST, HEAD"}
   * @param use the method named in the error, e.g. {@code "POST"}
   */
  public static void methodNotAllowed(HttpExchange exchange, String allow, String use)
      throws IOException {
    exchange.getResponseHeaders().set("Allow", allow);
    error(exchange, 405, "method " + exchange.getRequestMethod() + " not allowed; use " + use);
  }

  /**
   * Reads the request body, or answers 413 when it is longer than {@code maxBytes}: at most one
   * byte more than the cap is read, whatever the client sends.
   *
   * @return the body, or empty once 413 has been answered
   */
  public static Optional<byte[]> body(HttpExchange exchange, int maxBytes) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(maxBytes + 1);
    }
    if (body.length > maxBytes) {
      error(exchange, 413, "body larger than " + maxBytes + " bytes");
      return Optional.empty();
    }
    return Optional.of(body);
  }

  /**
   * Reads a CloudEvent from a request, binary or structured mode; {@code ce-*} values arrive
   * percent-encoded and the binding allows one value per header.
   *
   * @throws CloudEventRWException or {@link IllegalStateException} when it is not a CloudEvent
   */
  public static CloudEvent cloudEvent(HttpExchange exchange, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.getFirst()));
    return HttpMessageFactory.createReader(
            CloudEventHeaders.decodeAll(headers), body.length == 0 ? null : body)
        .toEvent();
  }
}
