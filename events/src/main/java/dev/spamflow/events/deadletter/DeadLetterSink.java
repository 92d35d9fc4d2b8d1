package dev.spamflow.events.deadletter;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.spamflow.adapters.http.JdkExchanges;
import io.cloudevents.CloudEvent;
import io.cloudevents.rw.CloudEventRWException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter sink every Trigger's delivery names: receives an event the Broker gave up on
 * (binary or structured mode), logs it with the {@code knativeerror*} extensions the Broker adds
 * (where it was going, the last status code, the start of the last answer), and counts it as {@code
 * spamflow_dead_letters_total{type,destination,code}} for the dead-letter alert.
 *
 * <p>Answers: 202 with no body and no {@code ce-*} header for an event (so nothing goes back to the
 * Broker as a reply); 400 for what is not a CloudEvent (the Broker would retry a 5xx, and a
 * malformed dead letter will not get better); 413 over {@value #MAX_BODY_BYTES} bytes; {@code GET
 * /metrics} the Prometheus text; {@code GET /healthz} 200. Built on the JDK's HTTP server, like the
 * minio-bridge, whose image it shares.
 */
public final class DeadLetterSink implements AutoCloseable {

  /** Bodies over this are refused: the Broker forwards events of at most a few hundred KiB. */
  public static final int MAX_BODY_BYTES = 4 << 20;

  /** Logged of an event's data at most, so one huge event cannot flood the log. */
  static final int MAX_LOGGED_DATA = 4096;

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterSink.class);

  private final HttpServer server;
  private final ExecutorService executor;
  private final PrometheusMeterRegistry registry;

  private DeadLetterSink(HttpServer server, PrometheusMeterRegistry registry) {
    this.server = server;
    this.registry = registry;
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /**
   * Starts a sink on {@code address} (port 0 picks a free port).
   *
   * @return the running sink; {@link #close()} stops it
   * @throws IOException if the address cannot be bound
   */
  public static DeadLetterSink start(InetSocketAddress address) throws IOException {
    Objects.requireNonNull(address, "address");
    DeadLetterSink sink =
        new DeadLetterSink(
            HttpServer.create(address, 0), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    sink.server.start();
    return sink;
  }

  /** Returns the port the sink listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops accepting requests, lets running ones finish for up to two seconds, then stops. */
  @Override
  public void close() {
    server.stop(2);
    executor.close();
    registry.close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      switch (path) {
        case "/healthz" -> {
          if (allow(exchange, "GET")) {
            JdkExchanges.respond(exchange, 200, JdkExchanges.object().put("status", "ok"));
          }
        }
        case "/metrics" -> {
          if (allow(exchange, "GET")) {
            JdkExchanges.respond(
                exchange,
                200,
                "text/plain; version=0.0.4; charset=utf-8",
                registry.scrape().getBytes(StandardCharsets.UTF_8));
          }
        }
        case "/" -> {
          if (allow(exchange, "POST")) {
            receive(exchange);
          }
        }
        default ->
            JdkExchanges.error(
                exchange, 404, "no such path: " + path + "; dead letters go to POST /");
      }
      if (exchange.getResponseCode() == -1) {
        LOG.error("no answer was sent for {} {}", method, path);
      }
    } catch (RuntimeException e) {
      // A bug, not a bad request: 500 makes the Broker try again, the trace stays in the log.
      LOG.error("unexpected failure handling a dead letter", e);
      if (exchange.getResponseCode() == -1) {
        JdkExchanges.error(exchange, 500, "internal error: " + e);
      }
    }
  }

  private static boolean allow(HttpExchange exchange, String method) throws IOException {
    if (method.equals(exchange.getRequestMethod())) {
      return true;
    }
    JdkExchanges.methodNotAllowed(exchange, method, method);
    return false;
  }

  private void receive(HttpExchange exchange) throws IOException {
    Optional<byte[]> body = JdkExchanges.body(exchange, MAX_BODY_BYTES);
    if (body.isEmpty()) {
      return;
    }
    CloudEvent event;
    try {
      event = JdkExchanges.cloudEvent(exchange, body.get());
    } catch (CloudEventRWException | IllegalStateException e) {
      LOG.warn("refused a request that is not a CloudEvent: {}", e.getMessage());
      JdkExchanges.error(exchange, 400, "not a CloudEvent: " + e.getMessage());
      return;
    }
    String destination = extension(event, "knativeerrordest");
    String code = extension(event, "knativeerrorcode");
    Counter.builder("spamflow.dead.letters")
        .description("Events a Trigger gave up on, by type, destination and last status code")
        .tag("type", event.getType())
        .tag("destination", destination)
        .tag("code", code)
        .register(registry)
        .increment();
    byte[] data = event.getData() == null ? new byte[0] : event.getData().toBytes();
    LOG.warn(
        "dead letter: id={} type={} source={} subject={} destination={} code={} error={} data={}",
        event.getId(),
        event.getType(),
        event.getSource(),
        event.getSubject(),
        destination,
        code,
        extension(event, "knativeerrordata"),
        new String(data, 0, Math.min(data.length, MAX_LOGGED_DATA), StandardCharsets.UTF_8));
    exchange.sendResponseHeaders(202, -1);
  }

  /** An extension's value as text, or {@code unknown} when the Broker did not set it. */
  private static String extension(CloudEvent event, String name) {
    Object value = event.getExtension(name);
    return value == null ? "unknown" : value.toString();
  }
}
