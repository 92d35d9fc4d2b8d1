package dev.spamflow.cli.bench;

import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.curate.CurateFunction;
import dev.spamflow.pipeline.curate.CurateResult;
import dev.spamflow.pipeline.curate.CurateSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The curate benchmark ({@code scripts/bench-curate}): the curate stage on real data files, with
 * and without the lakehouse's Delta tables, runs alternated, each on a fresh local store with the
 * file already ingested (ingest is not timed).
 *
 * <p>Usage: {@code CurateBenchmark WORK_DIR RUNS FILE...}. Prints one line per run and {@code
 * RESULT} lines (medians) to stdout.
 */
public final class CurateBenchmark {

  private CurateBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args work folder, runs per variant, data files
   * @throws IOException when a file cannot be read
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: CurateBenchmark WORK_DIR RUNS FILE...");
      System.exit(2);
    }
    Path work = Path.of(args[0]);
    int runs = Integer.parseInt(args[1]);
    for (int f = 2; f < args.length; f++) {
      Path file = Path.of(args[f]);
      List<Double> with = new ArrayList<>();
      List<Double> without = new ArrayList<>();
      long messages = 0;
      double firstWithTables = Double.NaN;
      // One run of each first, left out of the medians: class loading and JIT would otherwise go
      // to the first. Its time with tables (after one without) is what the first curate in a
      // fresh process pays for loading Delta Kernel and Hadoop's classes, reported on its own.
      for (int run = 0; run <= runs; run++) {
        for (boolean tables : new boolean[] {false, true}) {
          Path dir = Files.createTempDirectory(work, "curate-");
          Measured measured = curate(file, dir, tables);
          messages = measured.messages;
          if (run == 0 && tables && f == 2) {
            firstWithTables = measured.seconds;
          }
          if (run > 0) {
            (tables ? with : without).add(measured.seconds);
            System.out.printf(
                Locale.ROOT,
                "%s run %d, tables %s: %.3f s (%d messages)%n",
                file.getFileName(),
                run,
                tables ? "on" : "off",
                measured.seconds,
                measured.messages);
          }
        }
      }
      double on = median(with);
      double off = median(without);
      System.out.printf(
          Locale.ROOT,
          "RESULT %s messages=%d curate_without_tables_s=%.3f curate_with_tables_s=%.3f"
              + " tables_s=%.3f runs=%d%s%n",
          file.getFileName(),
          messages,
          off,
          on,
          on - off,
          runs,
          Double.isNaN(firstWithTables)
              ? ""
              : String.format(
                  Locale.ROOT, " first_with_tables_in_a_fresh_jvm_s=%.3f", firstWithTables));
    }
  }

  private record Measured(double seconds, long messages) {}

  private static Measured curate(Path file, Path dir, boolean tables) throws IOException {
    ObjectStore store = new FileSystemObjectStore(dir.resolve("store"));
    Path temp = Files.createDirectories(dir.resolve("tmp"));
    DatasetRef dataset = BenchUploads.ingest(store, temp, file);
    CurateFunction curate =
        new CurateFunction(
            store, CurateSettings.DEFAULT.withTempDirectory(temp).withTables(tables));
    long started = System.nanoTime();
    CurateResult result = curate.apply(dataset);
    double seconds = (System.nanoTime() - started) / 1e9;
    if (result.status() != CurateResult.Status.CURATED) {
      throw new IllegalStateException(file + " was not curated: " + result);
    }
    long messages = result.train().total() + result.validation().total() + result.test().total();
    return new Measured(seconds, messages);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
