package dev.spamflow.adapters.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP sink on a free loopback port that decodes CloudEvents as a Knative broker ingress
 * does, and answers with scripted status codes (202 once the script is used up).
 */
final class SinkServer implements AutoCloseable {
  final BlockingQueue<CloudEvent> received = new LinkedBlockingQueue<>();
  final AtomicInteger requests = new AtomicInteger();
  private final Deque<Integer> script = new ArrayDeque<>();
  private final HttpServer server;

  SinkServer(List<Integer> statusScript) throws IOException {
    script.addAll(statusScript);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/default/broker");
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    byte[] body = exchange.getRequestBody().readAllBytes();
    Integer status;
    synchronized (script) {
      status = script.isEmpty() ? 202 : script.poll();
    }
    if (status / 100 == 2) {
      Map<String, String> headers = new HashMap<>();
      exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
      received.add(
          HttpMessageFactory.createReader(
                  CloudEventHeaders.decodeAll(headers), body.length == 0 ? null : body)
              .toEvent());
    }
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
