package dev.spamflow.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The command line in a JVM of its own, as a user starts it: for tests that kill it with SIGKILL,
 * or run it beside another process on the same data directory. Its standard output and error are
 * read as they come, merged, one line at a time.
 */
final class CliProcess implements AutoCloseable {

  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final Thread reader;

  private CliProcess(Process process) {
    this.process = process;
    this.reader =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  try (BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(
                              process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                      synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                      }
                    }
                  } catch (IOException e) {
                    // The process died: what it printed so far stays readable.
                  }
                });
  }

  /**
   * Starts {@code spamflow ARGS} on this test's class path and JDK.
   *
   * @param properties system properties for the new JVM
   * @param args the command line
   */
  static CliProcess start(Map<String, String> properties, String... args) throws IOException {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>();
    command.add(java);
    // The JVM options of the ./spamflow launcher: ND4J once crashed (SIGSEGV in a native broadcast)
    // in a child started with the default G1 collector, which neither the launcher nor the
    // services use.
    command.add("-Xmx2g");
    command.add("-XX:+UseParallelGC");
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("--sun-misc-unsafe-memory-access=allow");
    command.add("-Djava.awt.headless=true");
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(SpamflowCli.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(Path.of(System.getProperty("user.dir")).toFile())
            .redirectErrorStream(true);
    builder.environment().put("OMP_NUM_THREADS", "1");
    return new CliProcess(builder.start());
  }

  /**
   * Waits for a line.
   *
   * @return the first line that matches
   * @throws AssertionError with everything printed so far, when none came in time or the process
   *     ended first
   */
  String await(Predicate<String> wanted, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    synchronized (lines) {
      while (true) {
        for (; seen < lines.size(); seen++) {
          if (wanted.test(lines.get(seen))) {
            return lines.get(seen);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
          throw new AssertionError(
              (process.isAlive() ? "no such line in " + timeout : "the process ended first")
                  + "; it printed:\n"
                  + String.join("\n", lines));
        }
        lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
      }
    }
  }

  /** Everything printed so far. */
  String output() {
    synchronized (lines) {
      return String.join("\n", lines);
    }
  }

  /** Kills it as {@code kill -9} does: no shutdown hook runs. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Stops it as Ctrl-C does (SIGTERM): shutdown hooks run; killed if it does not stop. */
  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          kill();
        }
      }
      reader.join(5_000);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
