package dev.spamflow.inference;

import dev.spamflow.inference.predict.PredictionService;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the inference service inside another program ({@code spamflow serve}, {@code spamflow up}):
 * starts the Micronaut context and HTTP server and hands back a handle to stop it.
 */
public final class InferenceServer implements AutoCloseable {

  private final ApplicationContext context;
  private final EmbeddedServer server;

  private InferenceServer(ApplicationContext context, EmbeddedServer server) {
    this.context = context;
    this.server = server;
  }

  /**
   * Starts the service and returns once it listens; the model loads in the background (see {@link
   * #ready()} and {@link #awaitReady(Duration)}).
   *
   * @param options where models and data come from, and the port
   * @return the running server
   * @throws RuntimeException if the context cannot start (e.g. the port is taken); nothing is left
   *     running then
   */
  public static InferenceServer start(InferenceOptions options) {
    Map<String, Object> properties = new HashMap<>();
    options
        .dataDirectory()
        .ifPresent(
            dir -> {
              properties.put("spamflow.inference.backends", "embedded");
              properties.put("spamflow.inference.local-dir", dir.toAbsolutePath().toString());
            });
    options
        .modelDirectory()
        .ifPresent(
            dir -> properties.put("spamflow.inference.model-dir", dir.toAbsolutePath().toString()));
    // Micronaut reads -1 as "any free port".
    options.port().ifPresent(p -> properties.put("micronaut.server.port", p == 0 ? -1 : p));
    options
        .pollInterval()
        .ifPresent(d -> properties.put("spamflow.inference.poll-interval", d.toMillis() + "ms"));
    options
        .feedbackTokenFile()
        .ifPresent(
            file ->
                properties.put(
                    "spamflow.inference.feedback.token-file", file.toAbsolutePath().toString()));
    ApplicationContext context =
        ApplicationContext.builder(InferenceApplication.class)
            .properties(properties)
            .banner(false)
            .build();
    try {
      context.start();
      EmbeddedServer server = context.getBean(EmbeddedServer.class);
      server.start();
      return new InferenceServer(context, server);
    } catch (RuntimeException e) {
      context.close();
      throw e;
    }
  }

  /** Returns the port the server listens on. */
  public int port() {
    return server.getPort();
  }

  /** Returns the server's base URI, e.g. {@code http://localhost:8080}. */
  public URI uri() {
    return server.getURI();
  }

  /** Returns whether a model is loaded and predictions are answered. */
  public boolean ready() {
    return context.getBean(PredictionService.class).champion().isPresent();
  }

  /**
   * Waits until a model is loaded.
   *
   * @param timeout how long to wait at most
   * @return whether it became ready in time
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ready()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  /** Stops the server, flushes the prediction log and releases the context. */
  @Override
  public void close() {
    try {
      server.stop();
    } finally {
      context.close();
    }
  }
}
