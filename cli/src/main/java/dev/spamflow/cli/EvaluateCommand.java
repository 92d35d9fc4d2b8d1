package dev.spamflow.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spamflow.core.data.Label;
import dev.spamflow.core.data.LoadedDataset;
import dev.spamflow.core.data.Message;
import dev.spamflow.core.model.Metrics;
import dev.spamflow.core.serving.BundleFiles;
import dev.spamflow.core.serving.SpamPredictor;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spamflow evaluate}: scores a bundle on a labelled file and prints metrics as JSON. */
@Command(
    name = "evaluate",
    description = "Scores a model bundle on a labelled data file; prints the metrics as JSON.")
final class EvaluateCommand implements Callable<Integer> {

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
      description = "Labelled data file(s).")
  List<Path> data;

  @Override
  public Integer call() throws Exception {
    SpamPredictor predictor = SpamPredictor.load(model);
    LoadedDataset dataset = DataFiles.load(data, spec.commandLine().getErr());
    List<Message> messages = dataset.messages();
    double[] scores = new double[messages.size()];
    boolean[] isSpam = new boolean[messages.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = predictor.spamProbability(messages.get(i).text());
      isSpam[i] = messages.get(i).label() == Label.SPAM;
    }
    Metrics metrics = Metrics.compute(scores, isSpam, predictor.threshold());
    ObjectNode result = BundleFiles.JSON.createObjectNode();
    result.put("model", model.toString());
    result.put("data", data.stream().map(Path::toString).toList().toString());
    result.put("rejected", dataset.stats().rejected());
    result.put("duplicates", dataset.stats().duplicates());
    result.set("metrics", BundleFiles.JSON.valueToTree(metrics));
    spec.commandLine().getOut().println(BundleFiles.JSON.writeValueAsString(result));
    return 0;
  }
}
