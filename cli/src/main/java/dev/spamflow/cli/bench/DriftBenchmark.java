package dev.spamflow.cli.bench;

import dev.spamflow.core.data.DatasetLoader;
import dev.spamflow.core.data.LoadedDataset;
import dev.spamflow.core.data.Message;
import dev.spamflow.core.drift.DriftDetector;
import dev.spamflow.core.drift.DriftEmbedder;
import dev.spamflow.core.drift.DriftReference;
import dev.spamflow.core.drift.DriftReport;
import dev.spamflow.core.model.HyperParameters;
import dev.spamflow.core.model.ModelBundle;
import dev.spamflow.core.model.SpamModelTraining;
import dev.spamflow.core.model.TrainedModel;
import dev.spamflow.core.model.TrainingConfig;
import dev.spamflow.core.model.TrainingListener;
import dev.spamflow.core.serving.BundleFiles;
import dev.spamflow.core.serving.SpamPredictor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The drift benchmark ({@code scripts/bench-drift}): trains a model on part of the SMS data, then
 * measures how often drift is flagged on windows it should not flag (SMS it never trained on), on
 * windows it must flag (e-mail), on mixes, and how long a 10,000-message window takes.
 *
 * <p>Usage: {@code DriftBenchmark SMS_FILE EMAIL_FILE WORK_DIR [SEED]}. Prints one line per
 * experiment and {@code RESULT} lines to stdout; progress to stderr.
 */
public final class DriftBenchmark {
  private static final int WINDOW = 300;
  private static final int FALSE_ALARM_WINDOWS = 100;
  private static final int DETECTION_WINDOWS = 20;
  private static final int TIMED_WINDOW = 10_000;

  private DriftBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args SMS file, e-mail file, work folder, optional seed
   * @throws IOException when a file cannot be read or the bundle written
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: DriftBenchmark SMS_FILE EMAIL_FILE WORK_DIR [SEED]");
      System.exit(2);
    }
    Path sms = Path.of(args[0]);
    Path email = Path.of(args[1]);
    Path work = Path.of(args[2]);
    long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
    PrintStream out = System.out;
    Files.createDirectories(work);

    List<Message> all = new ArrayList<>(DatasetLoader.load(List.of(sms)).messages());
    Collections.shuffle(all, new Random(seed));
    int trainCount = (int) Math.round(all.size() * 0.75);
    List<Message> train = all.subList(0, trainCount);
    List<String> unseen = texts(all.subList(trainCount, all.size()));
    Path trainFile = work.resolve("sms-train.tsv");
    StringBuilder tsv = new StringBuilder();
    for (Message message : train) {
      tsv.append(message.label().name().toLowerCase(Locale.ROOT))
          .append('\t')
          .append(message.text().replace('\n', ' ').replace('\r', ' '))
          .append('\n');
    }
    Files.writeString(trainFile, tsv, StandardCharsets.UTF_8);
    LoadedDataset trainSet = DatasetLoader.load(List.of(trainFile));
    log(
        "training on %d SMS (seed %d); %d SMS held out for the windows",
        trainSet.messages().size(), seed, unseen.size());
    long started = System.nanoTime();
    TrainedModel trained =
        SpamModelTraining.train(
            List.of(trainFile.toString()),
            trainSet,
            TrainingConfig.of(HyperParameters.DEFAULTS),
            new TrainingListener() {
              @Override
              public void onPhase(String line) {
                log("train: %s", line);
              }
            });
    log("trained in %.0f s", (System.nanoTime() - started) / 1e9);
    Path bundle = work.resolve("model");
    ModelBundle.save(trained, bundle);
    SpamPredictor predictor = SpamPredictor.load(bundle);
    BundleFiles files = BundleFiles.open(bundle);
    DriftReference reference = DriftReference.read(files, predictor.manifest());
    DriftEmbedder embedder = DriftEmbedder.read(files, predictor.manifest());
    List<String> emails = texts(DatasetLoader.load(List.of(email)).messages());
    out.printf(
        Locale.ROOT,
        "reference: %d training messages, %d embeddings; unseen SMS %d, e-mail %d; window %d%n",
        reference.messages(),
        reference.embeddings().length,
        unseen.size(),
        emails.size(),
        WINDOW);

    Random random = new Random(seed + 7);
    Tally falseAlarms = new Tally();
    for (int w = 0; w < FALSE_ALARM_WINDOWS; w++) {
      falseAlarms.add(
          DriftDetector.detect(predictor, reference, embedder, sample(unseen, WINDOW, random), w));
    }
    falseAlarms.print(out, "false alarms: " + FALSE_ALARM_WINDOWS + " windows of unseen SMS");

    for (double share : new double[] {1.0, 0.5, 0.3, 0.1}) {
      Tally tally = new Tally();
      for (int w = 0; w < DETECTION_WINDOWS; w++) {
        int mailCount = (int) Math.round(WINDOW * share);
        List<String> window = new ArrayList<>(sample(emails, mailCount, random));
        window.addAll(sample(unseen, WINDOW - mailCount, random));
        tally.add(DriftDetector.detect(predictor, reference, embedder, window, w));
      }
      tally.print(
          out,
          String.format(
              Locale.ROOT,
              "detection: %d windows with %.0f %% e-mail",
              DETECTION_WINDOWS,
              100 * share));
    }

    List<String> big = new ArrayList<>(emails);
    while (big.size() < TIMED_WINDOW) {
      big.addAll(unseen);
    }
    big = big.subList(0, TIMED_WINDOW);
    for (int run = 0; run < 3; run++) {
      long t0 = System.nanoTime();
      DriftReport report = DriftDetector.detect(predictor, reference, embedder, big, run);
      out.printf(
          Locale.ROOT,
          "RESULT timed window of %d messages: %.2f s (run %d, drifted %s)%n",
          big.size(),
          (System.nanoTime() - t0) / 1e9,
          run + 1,
          report.drifted());
    }
  }

  /** Counts verdicts over windows: the vote, the features and each method. */
  private static final class Tally {
    private int windows;
    private int drifted;
    private int featureDrift;
    private int embeddingVote;
    private final Map<String, Integer> methods = new LinkedHashMap<>();
    private final Map<String, Integer> columns = new LinkedHashMap<>();

    void add(DriftReport report) {
      windows++;
      drifted += report.drifted() ? 1 : 0;
      featureDrift += report.features().datasetDrift() ? 1 : 0;
      embeddingVote += report.embeddings().drifted() ? 1 : 0;
      for (DriftReport.Method method : report.embeddings().methods()) {
        methods.merge(method.method(), method.drifted() ? 1 : 0, Integer::sum);
      }
      for (DriftReport.Column column : report.features().columns()) {
        columns.merge(column.feature(), column.drifted() ? 1 : 0, Integer::sum);
      }
    }

    void print(PrintStream out, String title) {
      out.printf(
          Locale.ROOT,
          "RESULT %s: drifted %s (embedding vote %s, feature dataset drift %s)%n",
          title,
          rate(drifted),
          rate(embeddingVote),
          rate(featureDrift));
      StringBuilder line = new StringBuilder("  methods:");
      methods.forEach(
          (name, count) -> line.append(' ').append(name).append(' ').append(rate(count)));
      out.println(line);
      StringBuilder cols = new StringBuilder("  columns:");
      columns.forEach(
          (name, count) -> cols.append(' ').append(name).append(' ').append(rate(count)));
      out.println(cols);
      out.flush();
    }

    private String rate(int count) {
      return String.format(Locale.ROOT, "%d/%d (%.0f %%)", count, windows, 100.0 * count / windows);
    }
  }

  private static List<String> texts(List<Message> messages) {
    return messages.stream().map(Message::text).toList();
  }

  private static List<String> sample(List<String> from, int count, Random random) {
    List<String> copy = new ArrayList<>(from);
    Collections.shuffle(copy, random);
    return copy.subList(0, Math.min(count, copy.size()));
  }

  private static void log(String format, Object... args) {
    System.err.printf(Locale.ROOT, "bench-drift: " + format + "%n", args);
  }
}
