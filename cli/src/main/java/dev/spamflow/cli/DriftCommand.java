package dev.spamflow.cli;

import dev.spamflow.adapters.fs.FileSystemConfig;
import dev.spamflow.cli.local.LocalDrift;
import dev.spamflow.core.data.LoadedDataset;
import dev.spamflow.core.data.Message;
import dev.spamflow.core.drift.DriftDetector;
import dev.spamflow.core.drift.DriftEmbedder;
import dev.spamflow.core.drift.DriftReference;
import dev.spamflow.core.drift.DriftReport;
import dev.spamflow.core.drift.DriftReportHtml;
import dev.spamflow.core.serving.BundleFiles;
import dev.spamflow.core.serving.SpamPredictor;
import dev.spamflow.pipeline.drift.DriftResult;
import dev.spamflow.pipeline.drift.DriftSettings;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code spamflow drift}: compares the messages of a file with a bundle's drift reference ({@code
 * --model --data}), or runs the drift stage on a local data directory's prediction log ({@code
 * --data-dir}), and prints the report as JSON.
 */
@Command(
    name = "drift",
    description = {
      "With --model and --data: compares the messages in FILE with the training messages of a",
      "model bundle (its drift reference). With --data-dir: runs the drift stage on the",
      "prediction log of a local 'spamflow up' (its champion, the last --window of predictions)",
      "and stores the report there. Per-feature tests and three embedding methods with a 2-of-3",
      "vote. Prints the report as JSON on stdout (top-level \"drifted\", each method's score,",
      "threshold and verdict); exits 0 whether or not it drifted."
    })
final class DriftCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      paramLabel = "DIR",
      description = "Model bundle (directory or zip) whose reference to compare with.")
  Path model;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "A local data directory ('spamflow up --data-dir'): check its champion against its"
              + " prediction log instead of a file.")
  Path dataDir;

  @Option(
      names = "--window",
      paramLabel = "DURATION",
      description =
          "With --data-dir: how far back the window reaches, e.g. 6h, 90m, PT6H (default: 6h).")
  String window;

  @Option(
      names = "--last",
      paramLabel = "N",
      description = "With --data-dir: the window is the last N predictions instead of a span.")
  Integer last;

  @Option(
      names = "--data",
      split = ",",
      paramLabel = "FILE",
      description = "Data file(s) in any accepted format: the window to compare.")
  List<Path> data;

  @Option(
      names = "--report",
      paramLabel = "DIR",
      description = "Also write report.json and report.html (self-contained, with charts) here.")
  Path report;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "" + DriftDetector.DEFAULT_SEED,
      description = "Seeds the samples, splits and permutations (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws Exception {
    boolean fileMode = model != null || data != null;
    if (fileMode == (dataDir != null) || (fileMode && (model == null || data == null))) {
      throw new ParameterException(
          spec.commandLine(),
          "give either --model DIR and --data FILE, or --data-dir DIR (a local 'spamflow up')");
    }
    if (fileMode && (window != null || last != null)) {
      throw new ParameterException(
          spec.commandLine(), "--window and --last go with --data-dir, not with --data");
    }
    return fileMode ? compareFile() : checkDataDirectory();
  }

  private Integer checkDataDirectory() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    DriftSettings settings = DriftSettings.DEFAULT;
    if (window != null) {
      settings = settings.withWindow(Durations.parse("--window", window));
    }
    if (last != null) {
      if (last < DriftDetector.MIN_WINDOW) {
        throw new ParameterException(
            spec.commandLine(),
            "--last must be at least " + DriftDetector.MIN_WINDOW + ", got " + last);
      }
      settings = settings.withLastMessages(last);
    }
    LocalDrift drift = new LocalDrift(new FileSystemConfig(dataDir), settings, Clock.systemUTC());
    DriftResult result = drift.checkNow();
    if (result.report().reason() != null) {
      err.println("drift: " + result.report().reason());
    }
    err.println("drift: report " + drift.reportPage(result));
    if (report != null) {
      write(result.report(), report);
      err.println("drift: report also written to " + report.resolve("report.html"));
    }
    err.flush();
    spec.commandLine()
        .getOut()
        .println(
            BundleFiles.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result.report()));
    return 0;
  }

  private Integer compareFile() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    SpamPredictor predictor = SpamPredictor.load(model);
    BundleFiles files = BundleFiles.open(model);
    DriftReference reference = DriftReference.read(files, predictor.manifest());
    DriftEmbedder embedder = DriftEmbedder.read(files, predictor.manifest());
    LoadedDataset dataset = DataFiles.load(data, err);
    List<String> texts = dataset.messages().stream().map(Message::text).toList();
    DriftReport result = DriftDetector.detect(predictor, reference, embedder, texts, seed);
    if (result.reason() != null) {
      err.println("drift: " + result.reason());
    }
    if (report != null) {
      write(result, report);
      err.println("drift: report written to " + report.resolve("report.html"));
    }
    err.flush();
    spec.commandLine()
        .getOut()
        .println(BundleFiles.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
    return 0;
  }

  /** Writes {@code report.json} and {@code report.html} into a folder. */
  static void write(DriftReport result, Path folder) throws java.io.IOException {
    Files.createDirectories(folder);
    Files.write(
        folder.resolve("report.json"),
        BundleFiles.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(result));
    Files.writeString(
        folder.resolve("report.html"), DriftReportHtml.render(result), StandardCharsets.UTF_8);
  }
}
