package dev.spamflow.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared answers and reads, through a real JDK server and client. */
class JdkExchangesTest {
  private static final int CAP = 16;

  private final BlockingQueue<CloudEvent> received = new LinkedBlockingQueue<>();
  private final HttpClient client = HttpClient.newHttpClient();
  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
              JdkExchanges.methodNotAllowed(exchange, "POST, HEAD", "POST");
              return;
            }
            Optional<byte[]> body = JdkExchanges.body(exchange, CAP);
            if (body.isPresent()) {
              received.add(JdkExchanges.cloudEvent(exchange, body.get()));
              exchange.sendResponseHeaders(202, -1);
            }
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    return client.send(request.uri(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aBinaryModeEventIsReadWithItsHeadersDecoded() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder()
                .header("ce-specversion", "1.0")
                .header("ce-id", "e-1")
                .header("ce-source", "/test")
                .header("ce-type", "dev.spamflow.test")
                .header("ce-subject", "a%20b")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello")));

    assertThat(response.statusCode()).isEqualTo(202);
    CloudEvent event = received.poll();
    assertThat(event).isNotNull();
    assertThat(event.getSubject()).isEqualTo("a b");
    assertThat(new String(event.getData().toBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
  }

  @Test
  void aBodyOverTheCapIsAnswered413AsJson() throws Exception {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.ofString("x".repeat(17))));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.headers().firstValue("Content-Type")).contains(JdkExchanges.JSON);
    assertThat(response.body()).isEqualTo("{\"error\":\"body larger than 16 bytes\"}");
    assertThat(received).isEmpty();
  }

  @Test
  void anotherMethodIsAnswered405WithAllow() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder().GET());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).contains("POST, HEAD");
    assertThat(response.body()).isEqualTo("{\"error\":\"method GET not allowed; use POST\"}");
  }
}
