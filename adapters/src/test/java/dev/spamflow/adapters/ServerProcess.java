package dev.spamflow.adapters;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private instance of a real server (MinIO, MLflow) that a fault test can stop and start again on
 * the same port and data; its output goes to a log file that failures quote.
 */
public final class ServerProcess {
  private final List<String> command;
  private final Map<String, String> environment;
  private final URI health;
  private final Path log;
  private final Duration startTimeout;
  private Process process;

  /**
   * Prepares (does not start) a server.
   *
   * @param health a URL that answers 2xx once the server serves
   */
  public ServerProcess(
      List<String> command,
      Map<String, String> environment,
      URI health,
      Path log,
      Duration startTimeout) {
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.health = health;
    this.log = log;
    this.startTimeout = startTimeout;
  }

  /** Starts the server and waits until it is healthy. */
  public ServerProcess start() throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    process = builder.start();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    Instant deadline = Instant.now().plus(startTimeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "server exited with " + process.exitValue() + " while starting: " + tail());
      }
      try {
        HttpResponse<Void> response =
            client.send(
                HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 == 2) {
          return this;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      Thread.sleep(200);
    }
    stop();
    throw new IllegalStateException("server not healthy at " + health + " in time: " + tail());
  }

  /** Stops the server and every process it started, and waits until they are gone. */
  public void stop() throws InterruptedException {
    if (process == null) {
      return;
    }
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    children.forEach(ProcessHandle::destroy);
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
    Instant deadline = Instant.now().plusSeconds(20);
    for (ProcessHandle child : children) {
      while (child.isAlive() && Instant.now().isBefore(deadline)) {
        Thread.sleep(100);
      }
      if (child.isAlive()) {
        child.destroyForcibly();
      }
    }
    process = null;
  }

  /** The last lines of the server's log, for failure messages. */
  public String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
