package dev.spamflow.devtools.broker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.spamflow.adapters.http.CloudEventHeaders;
import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real HTTP subscriber on a free loopback port, as a Knative Service receives a Trigger's
 * deliveries: it records each event with its headers, answers with scripted status codes (200 once
 * the script is used up), can hold every answer until released, and can reply with an event.
 */
final class SubscriberServer implements AutoCloseable {
  /** One request as it arrived. */
  record Received(CloudEvent event, Map<String, String> headers) {}

  final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  final AtomicInteger requests = new AtomicInteger();
  private final Deque<Integer> script = new ArrayDeque<>();
  private final HttpServer server;
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private volatile Function<CloudEvent, CloudEvent> replies = event -> null;

  SubscriberServer(Integer... statusScript) throws IOException {
    script.addAll(List.of(statusScript));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** Holds every answer until {@link #release()}. */
  SubscriberServer hold() {
    gate = new CountDownLatch(1);
    return this;
  }

  void release() {
    gate.countDown();
  }

  /** Answers each successful delivery with the event {@code reply} makes (none for null). */
  SubscriberServer replyWith(Function<CloudEvent, CloudEvent> reply) {
    replies = reply;
    return this;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.incrementAndGet();
      byte[] body = exchange.getRequestBody().readAllBytes();
      Map<String, String> headers = new LinkedHashMap<>();
      exchange
          .getRequestHeaders()
          .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.getFirst()));
      CloudEvent event =
          HttpMessageFactory.createReader(
                  CloudEventHeaders.decodeAll(headers), body.length == 0 ? null : body)
              .toEvent();
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      int status;
      synchronized (script) {
        status = script.isEmpty() ? 200 : script.poll();
      }
      received.add(new Received(event, headers));
      CloudEvent reply = status / 100 == 2 ? replies.apply(event) : null;
      if (reply == null) {
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      byte[][] replyBody = {new byte[0]};
      HttpMessageFactory.createWriter(
              (name, value) ->
                  exchange
                      .getResponseHeaders()
                      .set(
                          name,
                          name.regionMatches(true, 0, "ce-", 0, 3)
                              ? CloudEventHeaders.encode(value)
                              : value),
              bytes -> replyBody[0] = bytes == null ? new byte[0] : bytes)
          .writeBinary(reply);
      exchange.sendResponseHeaders(status, replyBody[0].length == 0 ? -1 : replyBody[0].length);
      exchange.getResponseBody().write(replyBody[0]);
    }
  }

  @Override
  public void close() {
    release();
    server.stop(0);
  }
}
