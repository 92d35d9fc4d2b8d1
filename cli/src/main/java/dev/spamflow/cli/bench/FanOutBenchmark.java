package dev.spamflow.cli.bench;

import dev.spamflow.adapters.fs.FileSystemModelRegistry;
import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.curate.CurateFunction;
import dev.spamflow.pipeline.curate.CurateResult;
import dev.spamflow.pipeline.curate.CurateSettings;
import dev.spamflow.pipeline.train.SearchStep;
import dev.spamflow.pipeline.train.TrainFunction;
import dev.spamflow.pipeline.train.TrainResult;
import dev.spamflow.pipeline.train.TrainSettings;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The fan-out benchmark ({@code scripts/bench-train-fanout}): one seeded search on a curated file,
 * run the three ways the system runs it — in threads in one process (the train Knative Service,
 * {@code spamflow up}), and fanned out as the Tekton train pipeline runs it (prepare, one JVM per
 * trial, select), with one and with several trial JVMs at a time — each on a fresh local store and
 * registry. Prints the wall times and whether the fanned-out searches chose the same trial with the
 * same figures as the threads did.
 *
 * <p>Usage: {@code FanOutBenchmark WORK_DIR FILE TRIALS MAX_EPOCHS PROCESSES...}; each PROCESSES is
 * one fanned-out variant (trial JVMs at a time). The trial JVMs are this class again, started with
 * {@code trial DIR NUMBER MAX_EPOCHS} and the same JVM options, class path and environment.
 */
public final class FanOutBenchmark {

  private FanOutBenchmark() {}

  /**
   * Runs the benchmark, or one trial of it.
   *
   * @param args see the class comment
   * @throws Exception when a step fails; the benchmark then exits non-zero
   */
  public static void main(String[] args) throws Exception {
    if (args.length == 4 && args[0].equals("trial")) {
      Path dir = Path.of(args[1]);
      SearchStep step =
          trainer(dir, 1, Integer.parseInt(args[3]))
              .trial(dataset(dir), "", Integer.parseInt(args[2]));
      System.out.printf(
          Locale.ROOT, "  trial %s: %s, F1 %.4f%n", args[2], step.status(), step.validationF1());
      return;
    }
    if (args.length < 5) {
      System.err.println("usage: FanOutBenchmark WORK_DIR FILE TRIALS MAX_EPOCHS PROCESSES...");
      System.exit(2);
    }
    Path work = Path.of(args[0]);
    Path file = Path.of(args[1]);
    int trials = Integer.parseInt(args[2]);
    int maxEpochs = Integer.parseInt(args[3]);

    Path threadsDir = curated(work, file, "threads");
    long started = System.nanoTime();
    TrainResult threads = trainer(threadsDir, trials, maxEpochs).apply(dataset(threadsDir));
    double threadsSeconds = seconds(started);
    System.out.printf(
        Locale.ROOT,
        "threads: %d trials in %.1f s, best %s F1 %s%n",
        threads.trials(),
        threadsSeconds,
        threads.bestTrialRunId(),
        threads.metrics().get("validation_f1"));

    for (int v = 4; v < args.length; v++) {
      int processes = Integer.parseInt(args[v]);
      Path dir = curated(work, file, "fan-out-" + processes);
      DatasetRef dataset = dataset(dir);
      long t0 = System.nanoTime();
      SearchStep plan = trainer(dir, trials, maxEpochs).prepare(dataset, "", trials);
      double prepareSeconds = seconds(t0);
      long t1 = System.nanoTime();
      List<Double> trialSeconds = runTrials(dir, plan.trials(), maxEpochs, processes);
      double trialsSeconds = seconds(t1);
      long t2 = System.nanoTime();
      TrainResult selected = trainer(dir, trials, maxEpochs).select(dataset, "");
      double selectSeconds = seconds(t2);
      boolean same =
          selected.params().equals(threads.params())
              && selected.metrics().equals(threads.metrics());
      System.out.printf(
          Locale.ROOT,
          "RESULT file=%s trials=%d max_epochs=%d threads_s=%.1f fan_out_processes=%d"
              + " fan_out_s=%.1f prepare_s=%.2f trials_wall_s=%.1f trial_jvm_s=%s select_s=%.2f"
              + " same_candidate=%b%n",
          file.getFileName(),
          plan.trials().size(),
          maxEpochs,
          threadsSeconds,
          processes,
          prepareSeconds + trialsSeconds + selectSeconds,
          prepareSeconds,
          trialsSeconds,
          trialSeconds.stream().map(s -> String.format(Locale.ROOT, "%.1f", s)).toList(),
          selectSeconds,
          same);
      if (!same) {
        System.out.println("  threads:  " + threads.params() + " " + threads.metrics());
        System.out.println("  fan-out:  " + selected.params() + " " + selected.metrics());
      }
    }
  }

  /** Starts one JVM per trial, at most {@code processes} at a time; returns each one's time. */
  private static List<Double> runTrials(
      Path dir, List<Integer> numbers, int maxEpochs, int processes) throws Exception {
    List<String> jvm = new ArrayList<>();
    jvm.add(ProcessHandle.current().info().command().orElse("java"));
    jvm.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    jvm.add("-cp");
    jvm.add(System.getProperty("java.class.path"));
    jvm.add(FanOutBenchmark.class.getName());
    ExecutorService pods = Executors.newFixedThreadPool(processes);
    try {
      List<Future<Double>> running = new ArrayList<>();
      for (int n : numbers) {
        List<String> command = new ArrayList<>(jvm);
        command.addAll(
            List.of("trial", dir.toString(), Integer.toString(n), Integer.toString(maxEpochs)));
        Path log = dir.resolve("trial-" + n + ".log");
        running.add(
            pods.submit(
                () -> {
                  long started = System.nanoTime();
                  Process p =
                      new ProcessBuilder(command)
                          .redirectErrorStream(true)
                          .redirectOutput(log.toFile())
                          .start();
                  int code = p.waitFor();
                  if (code != 0) {
                    throw new IllegalStateException(
                        "trial " + n + " exited with " + code + "; its log: " + log);
                  }
                  return seconds(started);
                }));
      }
      List<Double> times = new ArrayList<>();
      for (Future<Double> f : running) {
        times.add(f.get());
      }
      return times;
    } finally {
      pods.shutdownNow();
    }
  }

  private static TrainFunction trainer(Path dir, int trials, int maxEpochs) {
    TrainSettings d = TrainSettings.DEFAULT;
    return new TrainFunction(
        new FileSystemObjectStore(dir.resolve("store")),
        new FileSystemModelRegistry(dir.resolve("registry")),
        new TrainSettings(
            d.space(),
            d.base(),
            trials,
            maxEpochs,
            1,
            d.blockedHamCeiling(),
            d.experiment(),
            dir.resolve("tmp"),
            d.lease(),
            d.feedback()));
  }

  /** Ingests and curates the file into a fresh folder under {@code work}. */
  private static Path curated(Path work, Path file, String name) throws IOException {
    Path dir = Files.createDirectories(work.resolve(name));
    ObjectStore store = new FileSystemObjectStore(dir.resolve("store"));
    Path temp = Files.createDirectories(dir.resolve("tmp"));
    DatasetRef dataset = BenchUploads.ingest(store, temp, file);
    CurateResult result =
        new CurateFunction(store, CurateSettings.DEFAULT.withTempDirectory(temp)).apply(dataset);
    if (result.status() != CurateResult.Status.CURATED) {
      throw new IllegalStateException(file + " was not curated: " + result);
    }
    Files.writeString(dir.resolve("dataset-id"), dataset.id());
    return dir;
  }

  private static DatasetRef dataset(Path dir) throws IOException {
    return new DatasetRef(Files.readString(dir.resolve("dataset-id")).strip());
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }
}
