package dev.spamflow.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A server the test runs as a separate process (a stage service, MinIO), with its output in a log
 * file that failure messages quote. Started at once; {@link #awaitHealthy} waits for its health
 * URL.
 */
final class ChildProcess {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final String name;
  private final Path log;
  private final Process process;
  private final Instant started;

  private ChildProcess(String name, Path log, Process process, Instant started) {
    this.name = name;
    this.log = log;
    this.process = process;
    this.started = started;
  }

  /**
   * Starts {@code command} with {@code environment} added to this JVM's, output to {@code log}.
   *
   * @throws IOException if the process cannot be started
   */
  static ChildProcess start(
      String name, List<String> command, Map<String, String> environment, Path log)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    Instant started = Instant.now();
    return new ChildProcess(name, log, builder.start(), started);
  }

  String name() {
    return name;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Waits until {@code health} answers 2xx.
   *
   * @param context what to add to a failure message (the other processes' logs, say)
   * @return how long the process took from start to healthy
   * @throws AssertionError with the log's tail if the process exits or is not healthy in time
   */
  Duration awaitHealthy(URI health, Duration timeout, Supplier<String> context)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new AssertionError(
            name
                + " exited with "
                + process.exitValue()
                + " while starting:\n"
                + tail(40)
                + context.get());
      }
      try {
        HttpResponse<Void> response =
            CLIENT.send(
                HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 == 2) {
          return Duration.between(started, Instant.now());
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        name
            + " not healthy at "
            + health
            + " within "
            + timeout
            + ":\n"
            + tail(40)
            + context.get());
  }

  /** A description of the process state and the last {@code lines} lines of its log. */
  String describe(int lines) {
    String state = process.isAlive() ? "running" : "exited with " + process.exitValue();
    return "--- " + name + " (" + state + "), last lines of " + log + ":\n" + tail(lines);
  }

  /** The last {@code lines} lines of the log. */
  String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Kills it as SIGKILL does (a node failure, an OOM kill): no shutdown hook runs. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(20, TimeUnit.SECONDS);
  }

  /** Stops the process (SIGTERM, then SIGKILL after 20 seconds) and waits until it is gone. */
  void stop() throws InterruptedException {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    children.forEach(ProcessHandle::destroy);
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }
}
