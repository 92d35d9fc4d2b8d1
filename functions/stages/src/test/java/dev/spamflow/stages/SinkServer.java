package dev.spamflow.stages;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.spamflow.adapters.http.CloudEventHeaders;
import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A broker ingress on a free loopback port that records every CloudEvent posted to it. */
final class SinkServer implements AutoCloseable {
  private final List<CloudEvent> received = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  SinkServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/spamflow/default");
  }

  /** The events received with this id, in arrival order. */
  List<CloudEvent> withId(String id) {
    return received.stream().filter(e -> e.getId().equals(id)).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Map<String, String> headers = new HashMap<>();
      exchange
          .getRequestHeaders()
          .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.getFirst()));
      received.add(
          HttpMessageFactory.createReader(
                  CloudEventHeaders.decodeAll(headers), body.length == 0 ? null : body)
              .toEvent());
      exchange.sendResponseHeaders(202, -1);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
