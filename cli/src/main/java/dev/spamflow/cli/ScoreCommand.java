package dev.spamflow.cli;

import dev.spamflow.adapters.fs.FileSystemConfig;
import dev.spamflow.adapters.fs.FileSystemModelRegistry;
import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.core.data.ReaderLimits;
import dev.spamflow.core.serving.BundleManifest;
import dev.spamflow.pipeline.Manifests;
import dev.spamflow.pipeline.score.BatchScorer;
import dev.spamflow.pipeline.score.ScoreInput;
import dev.spamflow.pipeline.score.ScoreOutput;
import dev.spamflow.pipeline.score.ScoreReport;
import dev.spamflow.pipeline.score.ScoringModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code spamflow score}: batch inference of files into date-partitioned Parquet. */
@Command(
    name = "score",
    description = {
      "Scores every message of the input files (SMS TSV, CSV, JSON Lines or plain text, labels"
          + " optional) with a model bundle or the champion of a local run, into"
          + " scores/date=YYYY-MM-DD/part-*.parquet under --out.",
      "Rejected rows are listed on stderr and kept in scores/date=…/_rejects-<run>.jsonl; the run's"
          + " counts are printed as JSON and kept in _run-<run>.json. Scoring the same inputs with"
          + " the same model again replaces its own parts."
    })
final class ScoreCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ArgGroup(multiplicity = "1")
  ModelChoice model;

  /** Exactly one source of the model. */
  static final class ModelChoice {
    @Option(
        names = "--model",
        required = true,
        paramLabel = "DIR",
        description = "Model bundle (directory or zip).")
    Path bundle;

    @Option(
        names = "--data-dir",
        required = true,
        paramLabel = "DIR",
        description =
            "A local run's data directory (spamflow up): scores with its champion, and writes"
                + " into its object store unless --out says otherwise.")
    Path dataDir;
  }

  @Option(
      names = "--input",
      required = true,
      split = ",",
      paramLabel = "FILE|DIR",
      description = "Files to score; a directory means every file in it (not hidden), by name.")
  List<Path> inputs;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Where scores/ is written (default with --data-dir: its object store; required with"
              + " --model).")
  Path out;

  @Option(
      names = "--model-name",
      paramLabel = "NAME",
      defaultValue = BundleManifest.MODEL_NAME,
      description =
          "Registered model whose champion --data-dir scores with (default: ${DEFAULT-VALUE}).")
  String modelName;

  @Option(
      names = "--rows-per-part",
      paramLabel = "N",
      defaultValue = "" + BatchScorer.DEFAULT_ROWS_PER_PART,
      description = "Rows per Parquet part (default: ${DEFAULT-VALUE}).")
  int rowsPerPart;

  @Override
  public Integer call() throws Exception {
    if (rowsPerPart < 1) {
      throw new ParameterException(
          spec.commandLine(), "--rows-per-part must be at least 1 but was " + rowsPerPart);
    }
    PrintWriter err = spec.commandLine().getErr();
    Path temp = Path.of(System.getProperty("java.io.tmpdir"));
    ScoringModel scoring;
    ScoreOutput output;
    Function<String, String> location;
    if (model.bundle != null) {
      if (out == null) {
        throw new ParameterException(spec.commandLine(), "--model needs --out DIR");
      }
      scoring = ScoringModel.fromBundle(model.bundle);
    } else {
      FileSystemConfig config = new FileSystemConfig(model.dataDir);
      scoring =
          ScoringModel.fromRegistry(
              FileSystemModelRegistry.create(config), modelName, "champion", temp);
    }
    if (out != null) {
      output = ScoreOutput.directory(out);
      location = key -> out.resolve(key).toString();
    } else {
      // The local run's object store, where the pipeline's raw/ and curated/ are too.
      FileSystemConfig config = new FileSystemConfig(model.dataDir);
      output = ScoreOutput.of(FileSystemObjectStore.create(config));
      location = key -> key + " in the object store of " + model.dataDir;
    }
    List<ScoreInput> files = expand(inputs);
    err.printf(
        Locale.ROOT,
        "model %s version %s (threshold %.3f); %d input file(s)%n",
        scoring.name(),
        scoring.version(),
        scoring.predictor().threshold(),
        files.size());
    BatchScorer scorer =
        new BatchScorer(
            scoring.predictor(),
            scoring.name(),
            scoring.version(),
            rowsPerPart,
            ReaderLimits.DEFAULT,
            temp,
            Clock.systemUTC());
    ScoreReport report = scorer.score(files, output, new ScoreProgress(err));
    if (report.rejected() > ScoreProgress.REJECTS_SHOWN) {
      err.printf(
          Locale.ROOT,
          "  … and %d more rejected rows, all in %s%n",
          report.rejected() - ScoreProgress.REJECTS_SHOWN,
          location.apply(report.rejectsKey()));
    }
    err.printf(
        Locale.ROOT,
        "scored %,d of %,d rows (%,d rejected, %,d spam) in %.1f s, %,.0f msg/s, into %s%n",
        report.scored(),
        report.read(),
        report.rejected(),
        report.spam(),
        report.seconds(),
        report.messagesPerSecond(),
        location.apply(BatchScorer.PREFIX + "date=" + report.day()));
    err.flush();
    spec.commandLine()
        .getOut()
        .println(new String(Manifests.toJson(report), StandardCharsets.UTF_8));
    if (report.scored() == 0) {
      err.println("spamflow score: no row could be scored; see the rejects above");
      return SpamflowCli.EXIT_FAILURE;
    }
    return 0;
  }

  /** Files as given, and the non-hidden regular files of directories, sorted by name. */
  private static List<ScoreInput> expand(List<Path> paths) throws IOException {
    List<ScoreInput> files = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        try (Stream<Path> listing = Files.list(path)) {
          List<Path> inside =
              listing
                  .filter(Files::isRegularFile)
                  .filter(p -> !p.getFileName().toString().startsWith("."))
                  .sorted()
                  .toList();
          if (inside.isEmpty()) {
            throw new IllegalArgumentException("--input " + path + ": the directory has no files");
          }
          inside.forEach(p -> files.add(ScoreInput.file(p)));
        }
      } else if (Files.isRegularFile(path)) {
        files.add(ScoreInput.file(path));
      } else {
        throw new UncheckedIOException(
            new IOException("--input " + path + ": no such file or directory"));
      }
    }
    return files;
  }
}
