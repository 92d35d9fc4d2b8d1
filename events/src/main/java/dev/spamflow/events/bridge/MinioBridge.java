package dev.spamflow.events.bridge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.spamflow.adapters.http.BearerToken;
import dev.spamflow.core.port.EventPublishException;
import dev.spamflow.core.port.EventPublisher;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The minio-bridge's HTTP server: receives bucket notifications on {@code POST /}, checks the
 * Bearer token, converts each record with {@link S3EventConverter} and publishes the events.
 *
 * <p>Answers: 200 with {@code {"published":n}} once the broker accepted every event; 400 with
 * {@code {"error":…}} for a body that is not an S3 notification; 401 without the right token; 404
 * for another path; 405 for another method; 413 for a body over {@value #MAX_BODY_BYTES} bytes; 502
 * when the broker refused or could not be reached after the publisher's retries, so the store sends
 * the notification again; 500 for an unexpected failure, logged with its trace. {@code HEAD /}
 * answers 200: MinIO probes its webhook target that way at start-up. {@code GET /healthz} answers
 * 200 for readiness probes.
 *
 * <p>Built on the JDK's HTTP server: no framework to initialise keeps the cold start of a
 * scale-to-zero service to the JVM's own start-up.
 */
public final class MinioBridge implements AutoCloseable {
  /** Bodies larger than this are refused; a notification of one record is about 1.5 KB. */
  public static final int MAX_BODY_BYTES = 1 << 20;

  private static final Logger LOG = LoggerFactory.getLogger(MinioBridge.class);
  private static final String JSON = "application/json";

  private final HttpServer server;
  private final ExecutorService executor;
  private final S3EventConverter converter;
  private final EventPublisher publisher;
  private final BearerToken token;
  private final ObjectMapper mapper = new ObjectMapper();

  private MinioBridge(
      HttpServer server, S3EventConverter converter, EventPublisher publisher, String token) {
    this.server = server;
    this.converter = converter;
    this.publisher = publisher;
    this.token = BearerToken.of(token);
    // Publishing blocks through the publisher's retries: one virtual thread per request keeps a
    // slow broker from stalling MinIO's other deliveries.
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /**
   * Starts a bridge listening on {@code address} (port 0 picks a free port).
   *
   * @param token the Bearer token requests must carry
   * @return the running bridge; {@link #close()} stops it
   * @throws IOException if the address cannot be bound
   */
  public static MinioBridge start(
      InetSocketAddress address, String token, S3EventConverter converter, EventPublisher publisher)
      throws IOException {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(converter, "converter");
    Objects.requireNonNull(publisher, "publisher");
    MinioBridge bridge =
        new MinioBridge(HttpServer.create(address, 0), converter, publisher, token);
    bridge.server.start();
    return bridge;
  }

  /** Returns the port the bridge listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops accepting requests, lets running ones finish for up to two seconds, then stops. */
  @Override
  public void close() {
    server.stop(2);
    executor.close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      route(exchange);
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    try {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if ("/healthz".equals(path)) {
        if ("GET".equals(method)) {
          respond(exchange, 200, status("ok"));
        } else {
          exchange.getResponseHeaders().set("Allow", "GET");
          respond(exchange, 405, error("method " + method + " not allowed; use GET"));
        }
        return;
      }
      if (!"/".equals(path)) {
        respond(exchange, 404, error("no such path: " + path + "; notifications go to POST /"));
        return;
      }
      switch (method) {
        case "HEAD" -> {
          // MinIO's target probe: any answer means the target is up; it reveals nothing.
          exchange.sendResponseHeaders(200, -1);
        }
        case "POST" -> receive(exchange);
        default -> {
          exchange.getResponseHeaders().set("Allow", "POST, HEAD");
          respond(exchange, 405, error("method " + method + " not allowed; use POST"));
        }
      }
    } catch (RuntimeException e) {
      // A bug, not a bad request: answer 500 so the store retries, and keep the trace in the log.
      LOG.error("unexpected failure handling a notification", e);
      if (exchange.getResponseCode() == -1) {
        respond(exchange, 500, error("internal error: " + e));
      }
    }
  }

  private void receive(HttpExchange exchange) throws IOException {
    if (!token.matches(exchange.getRequestHeaders().getFirst("Authorization"))) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
      respond(exchange, 401, error("missing or wrong Bearer token"));
      return;
    }
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (body.length > MAX_BODY_BYTES) {
      respond(exchange, 413, error("body larger than " + MAX_BODY_BYTES + " bytes"));
      return;
    }
    List<CloudEvent> events;
    try {
      events = converter.convert(body);
    } catch (MalformedNotificationException e) {
      LOG.warn("refused a notification: {}", e.getMessage());
      respond(exchange, 400, error(e.getMessage()));
      return;
    }
    for (CloudEvent event : events) {
      try {
        publisher.publish(event);
      } catch (EventPublishException e) {
        // The store keeps the notification and sends it again; events already published are
        // published again then, and consumers deduplicate by event id.
        LOG.warn("broker did not accept {}: {}", event.getId(), e.getMessage());
        respond(exchange, 502, error(e.getMessage()));
        return;
      }
      LOG.info("published {} {} {}", event.getType(), event.getSubject(), event.getId());
    }
    ObjectNode answer = mapper.createObjectNode().put("published", events.size());
    respond(exchange, 200, answer);
  }

  private ObjectNode error(String reason) {
    return mapper.createObjectNode().put("error", reason);
  }

  private ObjectNode status(String status) {
    return mapper.createObjectNode().put("status", status);
  }

  private void respond(HttpExchange exchange, int code, ObjectNode body) throws IOException {
    byte[] bytes = mapper.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", JSON);
    exchange.sendResponseHeaders(code, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
