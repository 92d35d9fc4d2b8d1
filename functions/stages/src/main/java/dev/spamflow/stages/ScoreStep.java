package dev.spamflow.stages;

import dev.spamflow.core.data.ReaderLimits;
import dev.spamflow.core.data.Reject;
import dev.spamflow.core.port.ObjectInfo;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.core.serving.BundleManifest;
import dev.spamflow.pipeline.Manifests;
import dev.spamflow.pipeline.score.BatchScorer;
import dev.spamflow.pipeline.score.ScoreInput;
import dev.spamflow.pipeline.score.ScoreListener;
import dev.spamflow.pipeline.score.ScoreOutput;
import dev.spamflow.pipeline.score.ScoreReport;
import dev.spamflow.pipeline.score.ScoringModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Batch scoring as command-line steps, for the Tekton {@code score} pipeline: the same {@link
 * BatchScorer} as {@code spamflow score}, over the object store and registry the stages use ({@link
 * StageSettings}: MinIO and MLflow in the cluster).
 *
 * <pre>
 * ScoreStep list  --prefix PREFIX --result FILE
 * ScoreStep score --input KEY [--model-name NAME] [--alias ALIAS] [--rows-per-part N] [--result FILE]
 * </pre>
 *
 * <p>{@code list} writes the keys of the objects under {@code PREFIX} (names starting with {@code
 * _} or {@code .} left out) as a JSON array: the Tekton array result a {@code matrix} fans out
 * over. {@code score} scores one object with the alias's version (default {@code champion} of
 * {@code spam-detector}) into {@code scores/date=<day>/part-<run>-<n>.parquet}, rejects and run
 * summary beside them (see {@link BatchScorer}); {@code --result} gets the run summary as JSON.
 *
 * <p>Exit codes: 0 done, 1 the store, registry or input failed, 2 bad arguments, 3 nothing to do
 * (no object under the prefix, or no row of the input could be scored). Every failure is one line
 * on standard error.
 */
public final class ScoreStep {
  /** Done. */
  public static final int OK = 0;

  /** The store, the registry or the input failed. */
  public static final int FAILED = 1;

  /** The arguments are not usable. */
  public static final int USAGE = 2;

  /** Nothing to score: no input under the prefix, or every row rejected. */
  public static final int NOTHING_TO_SCORE = 3;

  static final String USAGE_LINE =
      "usage: ScoreStep list --prefix PREFIX --result FILE | ScoreStep score --input KEY"
          + " [--model-name NAME] [--alias ALIAS] [--rows-per-part N] [--result FILE]";

  private static final int REJECTS_SHOWN = 5;

  private ScoreStep() {}

  /** Runs the step on the process environment and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  /**
   * Runs the step.
   *
   * @param args the command line
   * @param env the environment variables
   * @param out where the one-line summary goes
   * @param err where progress and a one-line error go
   * @return the exit code
   */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    Arguments arguments;
    try {
      arguments = Arguments.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("score: " + e.getMessage());
      err.println(USAGE_LINE);
      return USAGE;
    }
    try {
      StageSettings settings = StageSettings.fromEnv(env);
      ObjectStore store = settings.openStore();
      return arguments.list()
          ? list(store, arguments, out, err)
          : score(settings, store, arguments, out, err);
    } catch (IOException | RuntimeException e) {
      err.println("score: failed: " + e);
      return FAILED;
    }
  }

  private static int list(ObjectStore store, Arguments arguments, PrintStream out, PrintStream err)
      throws IOException {
    List<String> keys = new ArrayList<>();
    for (ObjectInfo object : store.list(arguments.prefix())) {
      String name = object.key().substring(object.key().lastIndexOf('/') + 1);
      if (!name.startsWith("_") && !name.startsWith(".") && !object.key().endsWith("/")) {
        keys.add(object.key());
      }
    }
    writeResult(arguments.result(), Manifests.toJson(keys));
    out.printf(Locale.ROOT, "score: %d object(s) under %s%n", keys.size(), arguments.prefix());
    if (keys.isEmpty()) {
      err.println("score: nothing to score: no object under '" + arguments.prefix() + "'");
      return NOTHING_TO_SCORE;
    }
    return OK;
  }

  private static int score(
      StageSettings settings,
      ObjectStore store,
      Arguments arguments,
      PrintStream out,
      PrintStream err)
      throws IOException {
    ObjectInfo object =
        store
            .stat(arguments.input())
            .orElseThrow(
                () -> new IllegalStateException("no object '" + arguments.input() + "' to score"));
    Path temp = Path.of(System.getProperty("java.io.tmpdir"));
    ScoringModel model =
        ScoringModel.fromRegistry(
            settings.openRegistry(), arguments.modelName(), arguments.alias(), temp);
    BatchScorer scorer =
        new BatchScorer(
            model.predictor(),
            model.name(),
            model.version(),
            arguments.rowsPerPart(),
            ReaderLimits.DEFAULT,
            temp,
            Clock.systemUTC());
    ScoreReport report =
        scorer.score(
            List.of(ScoreInput.object(store, object)),
            ScoreOutput.of(store),
            new ScoreListener() {
              private long shown;

              @Override
              public void onReject(Reject reject) {
                if (shown++ < REJECTS_SHOWN) {
                  err.println("score: rejected " + reject.describe());
                }
              }

              @Override
              public void onPart(String key, long rows) {
                err.printf(Locale.ROOT, "score: stored %s (%d rows)%n", key, rows);
              }
            });
    writeResult(arguments.result(), Manifests.toJson(report));
    out.printf(
        Locale.ROOT,
        "score: %s with %s version %s: %d scored, %d rejected%s, %d part(s), %.0f msg/s%n",
        object.key(),
        model.name(),
        model.version(),
        report.scored(),
        report.rejected(),
        report.rejectsKey().isEmpty() ? "" : " (in " + report.rejectsKey() + ")",
        report.parts().size(),
        report.messagesPerSecond());
    if (report.scored() == 0) {
      err.println("score: nothing scored: every row of '" + object.key() + "' was rejected");
      return NOTHING_TO_SCORE;
    }
    return OK;
  }

  private static void writeResult(Path file, byte[] json) throws IOException {
    if (file == null) {
      return;
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, new String(json, StandardCharsets.UTF_8).strip());
  }

  /** The parsed command line. */
  private record Arguments(
      boolean list,
      String prefix,
      String input,
      String modelName,
      String alias,
      int rowsPerPart,
      Path result) {

    static Arguments parse(String[] args) {
      if (args.length == 0 || !(args[0].equals("list") || args[0].equals("score"))) {
        throw new IllegalArgumentException("the first argument is list or score");
      }
      boolean list = args[0].equals("list");
      String prefix = null;
      String input = null;
      String modelName = BundleManifest.MODEL_NAME;
      String alias = "champion";
      int rowsPerPart = BatchScorer.DEFAULT_ROWS_PER_PART;
      Path result = null;
      for (int i = 1; i < args.length; i++) {
        String name = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(name + " needs a value");
        }
        String value = args[++i];
        switch (name) {
          case "--prefix" -> prefix = value;
          case "--input" -> input = value;
          case "--model-name" -> modelName = value;
          case "--alias" -> alias = value;
          case "--rows-per-part" -> rowsPerPart = positive(name, value);
          case "--result" -> result = Path.of(value);
          default -> throw new IllegalArgumentException("unknown option " + name);
        }
      }
      if (list && (prefix == null || prefix.isBlank() || result == null)) {
        throw new IllegalArgumentException("list needs --prefix and --result");
      }
      if (!list && (input == null || input.isBlank())) {
        throw new IllegalArgumentException("score needs --input KEY");
      }
      return new Arguments(list, prefix, input, modelName, alias, rowsPerPart, result);
    }

    private static int positive(String name, String value) {
      try {
        int n = Integer.parseInt(value);
        if (n >= 1) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(name + " must be a positive integer but was " + value);
    }
  }
}
