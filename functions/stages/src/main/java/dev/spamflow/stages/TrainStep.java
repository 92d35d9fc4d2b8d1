package dev.spamflow.stages;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamflow.adapters.http.HttpEventPublisher;
import dev.spamflow.core.port.EventPublisher;
import dev.spamflow.events.EventTypes;
import dev.spamflow.events.SpamflowEventData;
import dev.spamflow.events.SpamflowEvents;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.event.StageCatalogue;
import dev.spamflow.pipeline.event.StageEventHandler;
import dev.spamflow.pipeline.event.TrainEventHandler;
import dev.spamflow.pipeline.train.SearchStep;
import dev.spamflow.pipeline.train.TrainFunction;
import dev.spamflow.pipeline.train.TrainResult;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The trainer as a command-line step, for a Tekton task: the same {@link TrainFunction} the {@code
 * train} service runs, configured from the same variables ({@link StageSettings}), without Spring.
 *
 * <pre>
 * TrainStep [prepare (--trials N [N ...] | --trial-budget N) | trial --trial N | select]
 *           (--dataset ID [--retrain NAME] | --event FILE) [--result FILE]
 * </pre>
 *
 * <p>Without a mode the whole search runs in this process, its trials in threads. The three modes
 * are the same search fanned out over a cluster (the Tekton matrix of {@code tekton/train}): {@code
 * prepare} opens the search run and fixes the plan of trials {@code N ...} (or of the first {@code
 * --trial-budget} of the seeded draw, as a search in threads runs them) ({@link
 * TrainFunction#prepare}); {@code trial} trains one of them, one process each ({@link
 * TrainFunction#trial}); {@code select} picks the best and ends the search ({@link
 * TrainFunction#select}). Every step is idempotent, and the same seed gives the same candidate
 * either way.
 *
 * <p>{@code --event} takes a {@code dev.spamflow.dataset.curated} or {@code
 * dev.spamflow.drift.detected} CloudEvent in structured mode (what a Tekton EventListener
 * receives); {@code --dataset} the dataset id alone, and {@code --retrain NAME} (empty: none) makes
 * that a retraining under its own name ({@code TrainFunction#retrain}), as a drift run asks. The
 * result (status, run ids, bundle, metrics; for prepare the plan's trials, for a trial its run and
 * F1) is written as JSON to {@code --result} when given, and printed as one line. A search or a
 * select step publishes {@code dev.spamflow.model.trained} to {@code K_SINK} when it is set.
 *
 * <p>Exit codes: 0 a model was trained (or had been: the same result again), a search planned, a
 * trial trained or stopped as hopeless; 3 no curated dataset to train on; 2 bad arguments or event;
 * 1 any other failure (store, registry, broker, training, a step out of order). Every failure is
 * one line on standard error.
 */
public final class TrainStep {
  /** A model was trained, or had been for this dataset. */
  public static final int OK = 0;

  /** The store, the registry, the broker or training failed. */
  public static final int FAILED = 1;

  /** The arguments or the event are not usable. */
  public static final int USAGE = 2;

  /** The dataset has no curated manifest: nothing to train on. */
  public static final int NOTHING_TO_TRAIN = 3;

  static final String USAGE_LINE =
      "usage: TrainStep [prepare (--trials N [N ...] | --trial-budget N) | trial --trial N | select]"
          + " (--dataset ID [--retrain NAME] | --event FILE) [--result FILE]";

  private static final ObjectMapper JSON = SpamflowEvents.mapper();

  private TrainStep() {}

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
   * @param err where a one-line error goes
   * @return the exit code
   */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    Arguments arguments;
    Optional<CloudEvent> input;
    DatasetRef dataset;
    String retrain;
    try {
      arguments = Arguments.parse(args);
      input = arguments.input();
      // An event names its dataset in its data; the handler checks type and data. A drift event
      // names the dataset to retrain and, through its drift run, the retraining.
      if (input.isPresent() && EventTypes.DRIFT_DETECTED.equals(input.get().getType())) {
        TrainEventHandler.Retraining retraining = TrainEventHandler.retraining(input.get());
        dataset = retraining.dataset();
        retrain = retraining.name();
      } else {
        dataset =
            input.isPresent()
                ? TrainEventHandler.dataset(input.get())
                : new DatasetRef(arguments.dataset());
        retrain = TrainFunction.retrainName(arguments.retrain());
      }
    } catch (IllegalArgumentException e) {
      err.println("train: " + e.getMessage());
      err.println(USAGE_LINE);
      return USAGE;
    }
    try {
      StageSettings settings = StageSettings.fromEnv(env);
      TrainFunction train = StageCatalogue.trainFunction(new SettingsStageContext(settings));
      if (arguments.mode() == Mode.PREPARE || arguments.mode() == Mode.TRIAL) {
        SearchStep step;
        if (arguments.mode() == Mode.TRIAL) {
          step = train.trial(dataset, retrain, arguments.trial());
        } else if (arguments.budget() > 0) {
          step = train.prepare(dataset, retrain, arguments.budget());
        } else {
          step = train.prepare(dataset, retrain, arguments.trials());
        }
        if (arguments.result() != null) {
          writeJson(arguments.result(), stepJson(step));
        }
        out.println(summary(arguments.mode(), step));
        return step.status() == SearchStep.Status.CURATED_MISSING ? NOTHING_TO_TRAIN : OK;
      }
      Optional<EventPublisher> publisher =
          settings.hasSink()
              ? Optional.of(new HttpEventPublisher(settings.publisher()))
              : Optional.empty();
      TrainResult result;
      if (arguments.mode() == Mode.SELECT) {
        result = train.select(dataset, retrain);
      } else {
        result = retrain.isEmpty() ? train.apply(dataset) : train.retrain(dataset, retrain);
      }
      Optional<CloudEvent> trained =
          result.event().map(data -> output(input, dataset, retrain, data));
      if (arguments.result() != null) {
        writeJson(arguments.result(), resultJson(result));
      }
      trained.ifPresent(event -> publisher.ifPresent(p -> p.publish(event)));
      out.println(summary(result, trained, publisher.isPresent()));
      return result.status() == TrainResult.Status.CURATED_MISSING ? NOTHING_TO_TRAIN : OK;
    } catch (IOException | RuntimeException e) {
      err.println("train: failed: " + e);
      return FAILED;
    }
  }

  /**
   * The {@code model.trained} event: its id derives from the input event's, or from the dataset
   * when there is none, so a rerun announces the same id and consumers deduplicate it.
   */
  private static CloudEvent output(
      Optional<CloudEvent> input, DatasetRef dataset, String retrain, SpamflowEventData data) {
    return input
        .map(event -> StageEventHandler.reply(TrainEventHandler.STAGE, event, data))
        .orElseGet(
            () ->
                SpamflowEvents.create(
                    URI.create("/spamflow/" + TrainEventHandler.STAGE),
                    "dataset-"
                        + dataset.id()
                        + (retrain.isEmpty() ? "" : "-" + retrain)
                        + "."
                        + TrainEventHandler.STAGE,
                    data));
  }

  private static String summary(
      TrainResult result, Optional<CloudEvent> trained, boolean published) {
    StringBuilder line =
        new StringBuilder("train: dataset ")
            .append(result.dataset().id())
            .append(": ")
            .append(result.status());
    if (!result.runId().isEmpty()) {
      line.append(", run ").append(result.runId());
    }
    if (!result.detail().isEmpty()) {
      line.append(", ").append(result.detail());
    }
    trained.ifPresent(
        event ->
            line.append(published ? "; published " : "; not published (K_SINK unset): ")
                .append(event.getType()));
    return line.toString();
  }

  private static String summary(Mode mode, SearchStep step) {
    StringBuilder line =
        new StringBuilder("train ")
            .append(mode.word)
            .append(": dataset ")
            .append(step.dataset().id())
            .append(": ")
            .append(step.status());
    if (!step.runId().isEmpty()) {
      line.append(", run ").append(step.runId());
    }
    if (mode == Mode.PREPARE) {
      line.append(", trials ").append(step.trials());
    } else if (step.status() == SearchStep.Status.TRIAL_FINISHED) {
      line.append(", trial run ").append(step.trialRunId());
      line.append(", validation F1 ").append(step.validationF1());
    }
    if (!step.detail().isEmpty()) {
      line.append(", ").append(step.detail());
    }
    return line.toString();
  }

  private static Map<String, Object> resultJson(TrainResult result) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("status", result.status().toString());
    json.put("datasetId", result.dataset().id());
    json.put("runId", result.runId());
    json.put("bestTrialRunId", result.bestTrialRunId());
    json.put("bundleUri", result.bundleUri());
    json.put("trials", result.trials());
    json.put("metrics", result.metrics());
    json.put("params", result.params());
    json.put("detail", result.detail());
    return json;
  }

  private static Map<String, Object> stepJson(SearchStep step) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("status", step.status().toString());
    json.put("datasetId", step.dataset().id());
    json.put("runId", step.runId());
    json.put("trials", step.trials());
    json.put("trialRunId", step.trialRunId());
    json.put("validationF1", step.validationF1());
    json.put("detail", step.detail());
    return json;
  }

  private static void writeJson(Path file, Map<String, Object> json) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
  }

  /** What the step does: the whole search, or one step of a fanned-out one. */
  enum Mode {
    SEARCH("search"),
    PREPARE("prepare"),
    TRIAL("trial"),
    SELECT("select");

    final String word;

    Mode(String word) {
      this.word = word;
    }
  }

  /** The parsed command line: exactly one input, and where the result goes. */
  private record Arguments(
      Mode mode,
      String dataset,
      Path event,
      Path result,
      String retrain,
      List<Integer> trials,
      int budget,
      int trial) {

    static Arguments parse(String[] args) {
      Mode mode = Mode.SEARCH;
      int i = 0;
      if (args.length > 0 && !args[0].startsWith("--")) {
        mode =
            switch (args[0]) {
              case "prepare" -> Mode.PREPARE;
              case "trial" -> Mode.TRIAL;
              case "select" -> Mode.SELECT;
              default ->
                  throw new IllegalArgumentException(
                      "unknown mode '" + args[0] + "' (prepare, trial or select)");
            };
        i = 1;
      }
      String dataset = null;
      Path event = null;
      Path result = null;
      String retrain = "";
      List<Integer> trials = new ArrayList<>();
      int budget = 0;
      int trial = 0;
      for (; i < args.length; i++) {
        String name = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(name + " needs a value");
        }
        String value = args[++i];
        switch (name) {
          case "--dataset" -> dataset = value;
          case "--event" -> event = Path.of(value);
          case "--result" -> result = Path.of(value);
          case "--retrain" -> retrain = value;
          case "--trial" -> trial = trialNumber(name, value);
          case "--trial-budget" -> budget = trialNumber(name, value);
          case "--trials" -> {
            // The numbers follow one by one, as Tekton expands an array param: --trials 1 2 3.
            trials.add(trialNumber(name, value));
            while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
              trials.add(trialNumber(name, args[++i]));
            }
          }
          default -> throw new IllegalArgumentException("unknown option " + name);
        }
      }
      if ((dataset == null) == (event == null)) {
        throw new IllegalArgumentException("give exactly one of --dataset and --event");
      }
      if (!retrain.isBlank() && event != null) {
        throw new IllegalArgumentException(
            "--retrain goes with --dataset; a drift event names its retraining itself");
      }
      boolean planned = !trials.isEmpty() || budget > 0;
      if (mode == Mode.PREPARE && !trials.isEmpty() == (budget > 0)) {
        throw new IllegalArgumentException(
            "prepare needs one of --trials N [N ...] and --trial-budget N");
      }
      if (mode != Mode.PREPARE && planned) {
        throw new IllegalArgumentException("--trials and --trial-budget go with prepare");
      }
      if ((mode == Mode.TRIAL) != (trial != 0)) {
        throw new IllegalArgumentException(
            mode == Mode.TRIAL ? "trial needs --trial N" : "--trial goes with the trial mode");
      }
      return new Arguments(
          mode, dataset, event, result, retrain, List.copyOf(trials), budget, trial);
    }

    private static int trialNumber(String option, String value) {
      try {
        int number = Integer.parseInt(value.strip());
        if (number >= 1) {
          return number;
        }
      } catch (NumberFormatException e) {
        // Said below.
      }
      throw new IllegalArgumentException(
          option + " takes trial numbers from 1, got '" + value + "'");
    }

    /**
     * The event given with {@code --event}, if any.
     *
     * @throws IllegalArgumentException if the file cannot be read or holds no CloudEvent
     */
    Optional<CloudEvent> input() {
      if (event == null) {
        return Optional.empty();
      }
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(event);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read --event " + event + ": " + e, e);
      }
      EventFormat format =
          Objects.requireNonNull(
              EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE),
              "cloudevents-json-jackson is not on the classpath");
      try {
        return Optional.of(format.deserialize(bytes));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            event + " is not a CloudEvent in structured mode: " + e.getMessage(), e);
      }
    }
  }
}
