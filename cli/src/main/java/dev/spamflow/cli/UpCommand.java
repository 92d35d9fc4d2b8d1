package dev.spamflow.cli;

import dev.spamflow.adapters.fs.FileSystemConfig;
import dev.spamflow.cli.local.DataDirectoryLock;
import dev.spamflow.cli.local.FeedbackToken;
import dev.spamflow.cli.local.InboxWatcher;
import dev.spamflow.cli.local.LocalDrift;
import dev.spamflow.cli.local.LocalPipeline;
import dev.spamflow.cli.local.RunLog;
import dev.spamflow.core.drift.DriftReport;
import dev.spamflow.devtools.broker.HttpSubscriber;
import dev.spamflow.events.SpamflowEvents;
import dev.spamflow.inference.InferenceOptions;
import dev.spamflow.inference.InferenceServer;
import dev.spamflow.pipeline.drift.DriftResult;
import dev.spamflow.pipeline.drift.DriftSettings;
import dev.spamflow.pipeline.register.RegisterResult;
import dev.spamflow.pipeline.register.RegisterSettings;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spamflow up}: the whole system in this process — the pipeline fed by the local inbox
 * folder, and the inference API serving the champion.
 */
@Command(
    name = "up",
    description = {
      "Runs the whole system in this process on the embedded store, registry and broker: the",
      "pipeline (ingest, curate, train, register), fed by the local inbox folder, and the",
      "inference API serving the registry's champion, which follows each promotion.",
      "A file dropped into the inbox (or sent with 'spamflow upload' or --upload) runs the",
      "pipeline. Runs until Ctrl-C, or with --check until one prediction was answered."
    })
final class UpCommand implements Callable<Integer> {

  /** How often the inbox folder is listed; a file is taken once two listings agree on it. */
  private static final long POLL_MILLIS = 1000;

  /**
   * How often the API looks at the champion alias, besides receiving model.promoted: a champion
   * moved by another process sharing the data directory is served within a second.
   */
  private static final Duration ALIAS_POLL = Duration.ofSeconds(1);

  /** The Knative Service name the Triggers give the inference API. */
  private static final String INFERENCE = "inference";

  /** How long the API may take to load and check a promoted model. */
  private static final Duration EVENT_TIMEOUT = Duration.ofMinutes(1);

  /** How long {@code --check} waits for the API to serve a model. */
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  /** The message {@code --check} asks about: spam by any model worth serving. */
  static final String CHECK_TEXT =
      "WINNER!! You have been selected for a £1000 prize. Call 09061701461 to claim now";

  @Spec CommandSpec spec;

  @Mixin LocalOptions local;

  @Option(
      names = "--port",
      paramLabel = "N",
      defaultValue = "8080",
      description = "Port of the inference API; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--upload",
      paramLabel = "FILE",
      description =
          "Labelled messages to run through the pipeline at start, as 'spamflow upload' would"
              + " (repeatable).")
  List<Path> uploads = new ArrayList<>();

  @Option(
      names = "--drift-every",
      paramLabel = "DURATION",
      defaultValue = "6h",
      description =
          "How often to check the served predictions for drift, over a window of the same length"
              + " (e.g. 6h, 30m; default: ${DEFAULT-VALUE}). 'spamflow drift --data-dir' checks"
              + " on demand.")
  String driftEvery;

  @Option(
      names = "--check",
      description =
          "After the uploads, ask the API for one prediction, print the answer and stop: exit 0"
              + " when it answered, 1 otherwise.")
  boolean check;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // Checked before anything starts, so a typo costs no start-up and creates no data directory.
    for (Path file : uploads) {
      if (!Files.isRegularFile(file)) {
        throw new NoSuchFileException(file.toString(), null, "no such file");
      }
    }
    Duration driftPeriod = Durations.parse("--drift-every", driftEvery);
    FileSystemConfig config = local.config();
    Optional<DataDirectoryLock> lock = DataDirectoryLock.tryAcquire(config.dataDirectory(), "up");
    if (lock.isEmpty()) {
      err.println(
          "spamflow up: "
              + DataDirectoryLock.describeHolder(config.dataDirectory())
              + " runs the pipeline on "
              + config.dataDirectory().toAbsolutePath()
              + "; stop it first, or give this one another --data-dir");
      return SpamflowCli.EXIT_FAILURE;
    }
    InferenceServer api;
    Path feedbackToken;
    try {
      feedbackToken = FeedbackToken.ensure(config.dataDirectory());
      api =
          InferenceServer.start(
              InferenceOptions.embedded(config.dataDirectory())
                  .withPort(port)
                  .withPollInterval(ALIAS_POLL)
                  .withFeedbackTokenFile(feedbackToken));
    } catch (IOException | RuntimeException e) {
      lock.get().close();
      throw e;
    }
    LocalPipeline pipeline;
    try {
      // The API is a subscriber like on the cluster: Trigger inference-on-model-promoted POSTs
      // model.promoted to it, and it swaps to the new champion before register's step returns.
      pipeline =
          local.pipeline(
              out::println,
              Map.of(
                  INFERENCE,
                  new HttpSubscriber(
                      api.uri().resolve("/"), HttpClient.newHttpClient(), EVENT_TIMEOUT)),
              lock.get());
    } catch (RuntimeException e) {
      api.close();
      lock.get().close();
      throw e;
    }
    try {
      Files.createDirectories(pipeline.inboxDirectory());
    } catch (IOException e) {
      api.close();
      pipeline.close();
      throw e;
    }
    out.println("spamflow up: data dir " + pipeline.dataDirectory().toAbsolutePath());
    // Until the watch starts, this method stops the API; after that the shutdown hook does, so
    // that Ctrl-C flushes the prediction log before the JVM exits.
    boolean watching = false;
    try {
      out.println(
          "spamflow up: inference API on "
              + api.uri()
              + (api.ready() ? " (serving the champion)" : " (ready once a champion exists)"));
      out.println(
          "spamflow up: feedback: POST "
              + api.uri().resolve("/api/feedback")
              + " with Authorization: Bearer $(cat "
              + feedbackToken.toAbsolutePath()
              + ")");
      out.flush();
      int status = 0;
      // A crash or a lost event may have left chains unfinished: resume them before anything new.
      // How each ends is reported; it does not decide this command's exit code.
      for (RunLog.Summary resumed : pipeline.reconcile()) {
        RunOutcome.report(resumed, pipeline.registry(), out, err, "resume");
        out.flush();
      }
      for (Path file : uploads) {
        out.println("upload: " + file + " -> inbox/" + file.getFileName());
        RunLog.Summary run = pipeline.upload(file);
        status = Math.max(status, RunOutcome.report(run, pipeline.registry(), out, err, "up"));
        out.flush();
      }
      if (check) {
        return status != 0 ? status : check(pipeline, api, out, err);
      }
      watching = true;
      return watch(
          pipeline,
          api,
          new LocalDrift(config, DriftSettings.DEFAULT.withWindow(driftPeriod), Clock.systemUTC()),
          driftPeriod,
          out,
          err);
    } finally {
      if (!watching) {
        api.close();
        pipeline.close();
      }
    }
  }

  /** Asks the running API about {@link #CHECK_TEXT} and prints the answer. */
  private static int check(
      LocalPipeline pipeline, InferenceServer api, PrintWriter out, PrintWriter err)
      throws Exception {
    if (pipeline
        .registry()
        .versionByAlias(LocalPipeline.MODEL, RegisterSettings.CHAMPION)
        .isEmpty()) {
      err.println(
          "spamflow up: nothing to check: no champion yet (upload a file with --upload FILE)");
      return SpamflowCli.EXIT_FAILURE;
    }
    if (!api.awaitReady(READY_TIMEOUT)) {
      err.println(
          "spamflow up: the API serves no model "
              + READY_TIMEOUT.toSeconds()
              + " s after start although a champion exists; see the log above");
      return SpamflowCli.EXIT_FAILURE;
    }
    URI predict = api.uri().resolve("/api/predict");
    String body = "{\"text\":\"" + CHECK_TEXT + "\"}";
    HttpRequest request =
        HttpRequest.newBuilder(predict)
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      out.println("POST " + predict + " " + body);
      out.println(response.statusCode() + " " + response.body());
      if (response.statusCode() != 200) {
        err.println("spamflow up: the API answered " + response.statusCode());
        return SpamflowCli.EXIT_FAILURE;
      }
      return 0;
    }
  }

  /** Watches the inbox until Ctrl-C. */
  private static int watch(
      LocalPipeline pipeline,
      InferenceServer api,
      LocalDrift drift,
      Duration driftPeriod,
      PrintWriter out,
      PrintWriter err)
      throws InterruptedException {
    InboxWatcher watcher =
        new InboxWatcher(
            pipeline.store(),
            object ->
                RunOutcome.report(
                    pipeline.announce(object), pipeline.registry(), out, err, "spamflow up"));
    // What is in the inbox now was resumed or finished already; only what arrives later is new.
    // Before the lines below invite uploads: a file dropped after them must count as new (it was
    // skipped when an upload got in between, and waited for ever; UpAndUploadTest on a slow run).
    watcher.skipPresent();
    out.println(
        "spamflow up: drop files into "
            + pipeline.inboxDirectory()
            + " (or run 'spamflow upload FILE'); try: curl -s "
            + api.uri().resolve("/api/predict")
            + " -H 'Content-Type: application/json' -d '{\"text\":\"Free entry! Text WIN"
            + " now\"}'; Ctrl-C stops");
    out.println(
        "spamflow up: drift checks every "
            + driftPeriod.toString().substring(2).toLowerCase(java.util.Locale.ROOT)
            + " over the served predictions ('spamflow drift --data-dir "
            + pipeline.dataDirectory()
            + "' checks now)");
    out.flush();
    ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
    // Its own thread: a drift check takes seconds, and the inbox must not wait for it.
    ScheduledExecutorService driftChecks = Executors.newSingleThreadScheduledExecutor();
    // checkDrift reports its own failures, so the future holds nothing worth reading.
    ScheduledFuture<?> unusedDriftSchedule =
        driftChecks.scheduleAtFixedRate(
            () -> checkDrift(drift, pipeline, out, err),
            driftPeriod.toMillis(),
            driftPeriod.toMillis(),
            TimeUnit.MILLISECONDS);
    CountDownLatch stopped = new CountDownLatch(1);
    ScheduledFuture<?> polling =
        poller.scheduleWithFixedDelay(
            () -> {
              try {
                watcher.poll();
              } catch (RuntimeException e) {
                // One bad poll must not end the schedule: report it and poll again.
                err.println("spamflow up: " + Errors.oneLine(e));
              }
              out.flush();
            },
            0,
            POLL_MILLIS,
            TimeUnit.MILLISECONDS);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  polling.cancel(false);
                  poller.shutdown();
                  driftChecks.shutdownNow();
                  try {
                    // A run in progress is left to finish briefly; every stage is idempotent and
                    // writes atomically, so one cut short is redone by the next upload.
                    if (!poller.awaitTermination(10, TimeUnit.SECONDS)) {
                      err.println("spamflow up: stopped while a run was in progress");
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  // Stops taking requests and flushes the prediction log before the JVM exits.
                  api.close();
                  pipeline.close();
                  out.println("spamflow up: stopped");
                  out.flush();
                  stopped.countDown();
                },
                "spamflow-up-shutdown"));
    stopped.await();
    return 0;
  }

  /**
   * One scheduled drift check, reported in one line. A drifted window is announced to the
   * pipeline's broker, as the drift stage publishes it on the cluster: train retrains the
   * champion's dataset under the drift run's name and register gates the new version. A failure is
   * reported and the next check runs.
   */
  static void checkDrift(
      LocalDrift drift, LocalPipeline pipeline, PrintWriter out, PrintWriter err) {
    try {
      DriftResult result = drift.checkNow();
      out.println(
          "spamflow up: drift check "
              + result.runId()
              + ": "
              + (DriftReport.CHECKED.equals(result.status())
                  ? (result.report().drifted() ? "DRIFTED" : "no drift")
                  : result.report().reason())
              + "; report "
              + drift.reportPage(result));
      if (result.event().isPresent()) {
        out.flush();
        CloudEvent detected =
            SpamflowEvents.create(
                URI.create("/spamflow/drift"), "drift-" + result.runId(), result.event().get());
        RunLog.Summary run = pipeline.publish(detected, result.reportKey());
        if (!run.failures().isEmpty()) {
          err.println("spamflow up: drift retrain failed: " + run.failures().getFirst());
        } else if (run.register().isEmpty()) {
          err.println("spamflow up: the drift retrain stopped before register");
        } else {
          RegisterResult verdict = run.register().get();
          out.println(
              "spamflow up: drift retrain: version "
                  + verdict.version()
                  + " "
                  + verdict.outcome().name().toLowerCase(java.util.Locale.ROOT)
                  + ": "
                  + verdict.reason());
        }
      }
    } catch (RuntimeException e) {
      err.println("spamflow up: drift check failed: " + Errors.oneLine(e));
    }
    out.flush();
  }
}
