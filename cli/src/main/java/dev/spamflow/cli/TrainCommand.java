package dev.spamflow.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spamflow.core.data.LoadedDataset;
import dev.spamflow.core.model.HyperParameters;
import dev.spamflow.core.model.ModelBundle;
import dev.spamflow.core.model.SpamModelTraining;
import dev.spamflow.core.model.ThresholdSelector;
import dev.spamflow.core.model.TrainedModel;
import dev.spamflow.core.model.TrainingConfig;
import dev.spamflow.core.serving.BundleFiles;
import dev.spamflow.core.serving.BundleManifest;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spamflow train}: trains a model bundle and prints its metrics as JSON. */
@Command(
    name = "train",
    description = {
      "Trains the LSTM on labelled messages (SMS TSV, CSV with header, JSON Lines),",
      "writes a model bundle directory and a zip of it, prints the metrics as JSON."
    })
final class TrainCommand implements Callable<Integer> {

  static {
    HyperParameterOptions.publishDefaults();
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      required = true,
      split = ",",
      paramLabel = "FILE",
      description = "Data file(s), comma-separated.")
  List<Path> data;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Bundle directory to write.")
  Path out;

  @ArgGroup(exclusive = false, heading = "Hyper-parameters:%n")
  HyperParameterOptions hyper = new HyperParameterOptions();

  @Option(
      names = "--blocked-ham-ceiling",
      paramLabel = "RATE",
      description =
          "Largest share of ham called spam when choosing the threshold (default: ${default.blockedHamCeiling}).")
  Double blockedHamCeiling;

  @Option(
      names = "--validation-fraction",
      paramLabel = "F",
      description =
          "Share of the split's validation part, which the cross-validation uses with the training part (default: ${default.validationFraction}).")
  Double validationFraction;

  @Option(
      names = "--test-fraction",
      paramLabel = "F",
      description = "Share held out for the held-out metrics (default: ${default.testFraction}).")
  Double testFraction;

  @Option(
      names = "--folds",
      paramLabel = "K",
      description =
          "Folds of the cross-validation that chooses epochs, combiner and threshold (default: ${default.folds}).")
  Integer folds;

  @Override
  public Integer call() throws Exception {
    var err = spec.commandLine().getErr();
    HyperParameters params = hyper.resolve();
    TrainingConfig config =
        new TrainingConfig(
            params,
            validationFraction != null
                ? validationFraction
                : TrainingConfig.DEFAULT_VALIDATION_FRACTION,
            testFraction != null ? testFraction : TrainingConfig.DEFAULT_TEST_FRACTION,
            blockedHamCeiling != null
                ? blockedHamCeiling
                : ThresholdSelector.DEFAULT_BLOCKED_HAM_CEILING);
    if (folds != null) {
      config = config.with(folds, config.parallelism(), config.ngramBits());
    }
    ModelBundle.checkWritable(out);
    LoadedDataset dataset = DataFiles.load(data, err);

    long start = System.nanoTime();
    TrainedModel model =
        SpamModelTraining.train(
            data.stream().map(Path::toString).toList(), dataset, config, new ProgressBar(err));
    double seconds = (System.nanoTime() - start) / 1e9;

    BundleManifest manifest = ModelBundle.save(model, out);
    Path zip = out.toAbsolutePath().normalize().resolveSibling(out.getFileName() + ".zip");
    ModelBundle.zip(out, zip);
    err.printf(
        java.util.Locale.ROOT,
        "trained in %.1f s; bundle %s (and %s)%n",
        seconds,
        out,
        zip.getFileName());

    ObjectNode result = BundleFiles.JSON.createObjectNode();
    result.put("bundle", out.toString());
    result.put("zip", zip.toString());
    result.put("trainingSeconds", Math.round(seconds * 10) / 10.0);
    result.put("epochs", manifest.bestEpoch());
    result.put("crossValidationEpochsRun", manifest.history().size());
    result.put("threshold", manifest.threshold());
    result.set("hyperParameters", BundleFiles.JSON.valueToTree(params));
    result.set("data", BundleFiles.JSON.valueToTree(manifest.data()));
    result.set("crossValidation", BundleFiles.JSON.valueToTree(manifest.crossValidation()));
    result.set("outOfFold", BundleFiles.JSON.valueToTree(manifest.validation()));
    result.set("thresholdChoice", BundleFiles.JSON.valueToTree(manifest.thresholdChoice()));
    result.set("heldOutTest", BundleFiles.JSON.valueToTree(manifest.test()));
    result.set("baselineHeldOutTest", BundleFiles.JSON.valueToTree(manifest.baselineTest()));
    result.set("ensemble", BundleFiles.JSON.valueToTree(manifest.ensemble()));
    result.set("refit", BundleFiles.JSON.valueToTree(manifest.refit()));
    spec.commandLine().getOut().println(BundleFiles.JSON.writeValueAsString(result));
    return 0;
  }
}
