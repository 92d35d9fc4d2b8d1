package dev.spamflow.events.bridge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.spamflow.adapters.http.BearerToken;
import dev.spamflow.adapters.http.JdkExchanges;
import dev.spamflow.core.port.EventPublishException;
import dev.spamflow.core.port.EventPublisher;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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

  private final HttpServer server;
  private final ExecutorService executor;
  private final S3EventConverter converter;
  private final EventPublisher publisher;
  private final BearerToken token;

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
          JdkExchanges.respond(exchange, 200, JdkExchanges.object().put("status", "ok"));
        } else {
          JdkExchanges.methodNotAllowed(exchange, "GET", "GET");
        }
        return;
      }
      if (!"/".equals(path)) {
        JdkExchanges.error(exchange, 404, "no such path: " + path + "; notifications go to POST /");
        return;
      }
      switch (method) {
        case "HEAD" -> {
          // MinIO's target probe: any answer means the target is up; it reveals nothing.
          exchange.sendResponseHeaders(200, -1);
        }
        case "POST" -> receive(exchange);
        default -> JdkExchanges.methodNotAllowed(exchange, "POST, HEAD", "POST");
      }
    } catch (RuntimeException e) {
      // A bug, not a bad request: answer 500 so the store retries, and keep the trace in the log.
      LOG.error("unexpected failure handling a notification", e);
      if (exchange.getResponseCode() == -1) {
        JdkExchanges.error(exchange, 500, "internal error: " + e);
      }
    }
  }

  private void receive(HttpExchange exchange) throws IOException {
    if (!token.matches(exchange.getRequestHeaders().getFirst("Authorization"))) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
      JdkExchanges.error(exchange, 401, "missing or wrong Bearer token");
      return;
    }
    Optional<byte[]> body = JdkExchanges.body(exchange, MAX_BODY_BYTES);
    if (body.isEmpty()) {
      return;
    }
    List<CloudEvent> events;
    try {
      events = converter.convert(body.get());
    } catch (MalformedNotificationException e) {
      LOG.warn("refused a notification: {}", e.getMessage());
      JdkExchanges.error(exchange, 400, e.getMessage());
      return;
    }
    for (CloudEvent event : events) {
      try {
        publisher.publish(event);
      } catch (EventPublishException e) {
        // The store keeps the notification and sends it again; events already published are
        // published again then, and consumers deduplicate by event id.
        LOG.warn("broker did not accept {}: {}", event.getId(), e.getMessage());
        JdkExchanges.error(exchange, 502, e.getMessage());
        return;
      }
      LOG.info("published {} {} {}", event.getType(), event.getSubject(), event.getId());
    }
    JdkExchanges.respond(exchange, 200, JdkExchanges.object().put("published", events.size()));
  }
}
