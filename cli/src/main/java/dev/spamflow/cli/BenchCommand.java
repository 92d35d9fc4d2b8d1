package dev.spamflow.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spamflow.cli.bench.InferenceBenchmark;
import dev.spamflow.core.data.DataSplit;
import dev.spamflow.core.data.LoadedDataset;
import dev.spamflow.core.data.Message;
import dev.spamflow.core.data.Splitter;
import dev.spamflow.core.model.ModelBundle;
import dev.spamflow.core.model.TrainedModel;
import dev.spamflow.core.serving.BundleFiles;
import dev.spamflow.core.serving.SpamPredictor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spamflow bench}: measures inference on one thread — bundle load, the whole prediction
 * (tokenise, encode, forward pass) and the forward pass alone against DL4J, side by side.
 */
@Command(
    name = "bench",
    description = {
      "Measures inference speed on one thread: bundle load, one message end to end, and the",
      "lean forward pass against DL4J (latency and batch throughput) on the test split of --data."
    })
final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description = "Model bundle (directory or zip).")
  Path model;

  @Option(
      names = "--data",
      required = true,
      split = ",",
      paramLabel = "FILE",
      description = "Data the bundle was trained on; its test split is measured.")
  List<Path> data;

  @Option(names = "--json", description = "Print JSON instead of Markdown.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();

    // Bundle load: the first load pays class loading and JIT warm-up; later ones show steady state.
    long t0 = System.nanoTime();
    SpamPredictor predictor = SpamPredictor.load(model);
    double firstLoadMillis = (System.nanoTime() - t0) / 1e6;
    long[] loads = new long[10];
    for (int i = 0; i < loads.length; i++) {
      long start = System.nanoTime();
      SpamPredictor.load(model);
      loads[i] = System.nanoTime() - start;
    }
    Arrays.sort(loads);
    double medianLoadMillis = loads[loads.length / 2] / 1e6;

    LoadedDataset dataset = DataFiles.load(data, err);
    DataSplit split =
        Splitter.split(
            dataset.messages(),
            predictor.manifest().data().validationFraction(),
            predictor.manifest().data().testFraction(),
            predictor.manifest().data().splitSeed());
    List<String> texts = split.test().stream().map(Message::text).toList();
    int[][] encoded = texts.stream().map(predictor::encode).toArray(int[][]::new);

    err.println("measuring the whole prediction path (tokenise, LSTM forward pass, n-gram model)…");
    InferenceBenchmark.Latency endToEnd = endToEnd(predictor, texts);
    err.println("measuring the forward pass against DL4J (about 20 s)…");
    TrainedModel reference = ModelBundle.load(model);
    InferenceBenchmark.Report report =
        InferenceBenchmark.run(reference.network(), encoded, InferenceBenchmark.Options.DEFAULTS);

    if (json) {
      ObjectNode node = BundleFiles.JSON.createObjectNode();
      node.put("bundleFirstLoadMillis", firstLoadMillis);
      node.put("bundleMedianLoadMillis", medianLoadMillis);
      node.set("endToEnd", BundleFiles.JSON.valueToTree(endToEnd));
      node.set("forwardPass", BundleFiles.JSON.readTree(report.toJson()));
      out.println(BundleFiles.JSON.writeValueAsString(node));
    } else {
      out.printf(
          Locale.ROOT,
          "bundle load: first %.1f ms, median of 10 more %.1f ms%n"
              + "one message end to end (tokenise, LSTM forward pass, n-gram model), %d calls:"
              + " median %.1f µs, p90 %.1f µs, p99 %.1f µs%n%n",
          firstLoadMillis,
          medianLoadMillis,
          endToEnd.calls(),
          endToEnd.medianMicros(),
          endToEnd.p90Micros(),
          endToEnd.p99Micros());
      out.println(report.toMarkdown());
    }
    return 0;
  }

  private static InferenceBenchmark.Latency endToEnd(SpamPredictor predictor, List<String> texts) {
    int warmup = 30_000;
    int calls = 30_000;
    double sink = 0;
    for (int i = 0; i < warmup; i++) {
      sink += predictor.spamProbability(texts.get(i % texts.size()));
    }
    long[] nanos = new long[calls];
    for (int i = 0; i < calls; i++) {
      String text = texts.get(i % texts.size());
      long start = System.nanoTime();
      sink += predictor.spamProbability(text);
      nanos[i] = System.nanoTime() - start;
    }
    if (Double.isNaN(sink)) {
      throw new IllegalStateException("a prediction was NaN");
    }
    return InferenceBenchmark.Latency.of(nanos);
  }
}
