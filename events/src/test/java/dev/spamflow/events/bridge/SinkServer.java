package dev.spamflow.events.bridge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.spamflow.adapters.http.CloudEventHeaders;
import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP sink on a free loopback port that decodes CloudEvents as a Knative broker ingress
 * does, keeping the raw request headers too, and answers every request with one status code.
 */
final class SinkServer implements AutoCloseable {
  /** One request as the sink saw it. */
  record Received(Map<String, String> headers, CloudEvent event) {}

  final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  final AtomicInteger requests = new AtomicInteger();
  private final int status;
  private final HttpServer server;

  SinkServer(int status) throws IOException {
    this.status = status;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/spamflow/default");
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.incrementAndGet();
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (status / 100 == 2) {
        Map<String, String> headers = new HashMap<>();
        exchange
            .getRequestHeaders()
            .forEach(
                (name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.getFirst()));
        received.add(
            new Received(
                headers,
                HttpMessageFactory.createReader(
                        CloudEventHeaders.decodeAll(headers), body.length == 0 ? null : body)
                    .toEvent()));
      }
      exchange.sendResponseHeaders(status, -1);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
