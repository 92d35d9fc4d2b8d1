package dev.spamflow.inference.bench;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Times cold starts: from just before the service's process is created to the first {@code POST
 * /api/predict} answered 200, polling every 2 ms (a refused connection costs microseconds, so the
 * poll hardly competes with the starting JVM for the two cores).
 *
 * <p>Usage: {@code ColdStart --runs N --port PORT --dir WORKDIR -- COMMAND…}. The command gets
 * {@code PORT} in its environment; it is stopped with SIGTERM after each run.
 */
public final class ColdStart {
  private ColdStart() {}

  /** Runs the command {@code --runs} times and prints each start time and a {@code RESULT}. */
  public static void main(String[] argv) throws Exception {
    int split = Arrays.asList(argv).indexOf("--");
    if (split < 0 || split == argv.length - 1) {
      throw new IllegalArgumentException("usage: ColdStart --runs N --port P --dir D -- COMMAND…");
    }
    Args args = new Args(Arrays.copyOfRange(argv, 0, split));
    List<String> command = List.of(Arrays.copyOfRange(argv, split + 1, argv.length));
    int runs = Integer.parseInt(args.value("--runs", "10"));
    int port = Integer.parseInt(args.value("--port", null));
    File dir = new File(args.value("--dir", "."));
    byte[] predict =
        HttpConnection.request(
            "POST", "127.0.0.1", port, "/api/predict", Texts.predictBody("Free entry to win £100"));
    List<Double> seconds = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(dir)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      builder.environment().put("PORT", Integer.toString(port));
      long start = System.nanoTime();
      Process process = builder.start();
      try {
        long answered = firstPrediction(process, port, predict);
        double elapsed = (answered - start) / 1e9;
        seconds.add(elapsed);
        System.out.printf(Locale.ROOT, "cold start %d: %.3f s%n", run, elapsed);
      } finally {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      }
    }
    List<Double> sorted = seconds.stream().sorted().toList();
    System.out.printf(
        Locale.ROOT,
        "RESULT cold-start runs=%d min_s=%.3f median_s=%.3f max_s=%.3f%n",
        sorted.size(),
        sorted.getFirst(),
        sorted.get((sorted.size() - 1) / 2),
        sorted.getLast());
  }

  private static long firstPrediction(Process process, int port, byte[] predict)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    HttpConnection connection = null;
    while (System.nanoTime() - deadline < 0) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the service exited with " + process.exitValue());
      }
      try {
        if (connection == null) {
          connection = new HttpConnection("127.0.0.1", port, 5_000);
        }
        // 503 until the model is loaded: ask again on the same connection.
        if (connection.exchange(predict) == 200) {
          long now = System.nanoTime();
          connection.close();
          return now;
        }
      } catch (IOException e) {
        if (connection != null) {
          connection.close();
        }
        connection = null;
      }
      Thread.sleep(2);
    }
    throw new IllegalStateException("no prediction answered within 60 s");
  }
}
