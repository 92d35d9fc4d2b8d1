package dev.spamflow.cli.local;

import dev.spamflow.adapters.fs.FileSystemConfig;
import dev.spamflow.adapters.fs.FileSystemModelRegistry;
import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.adapters.fs.FileSystemOnlineFeatureStore;
import dev.spamflow.core.data.DatasetStats;
import dev.spamflow.core.model.Metrics;
import dev.spamflow.core.port.ObjectInfo;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.devtools.broker.DeadLetterLog;
import dev.spamflow.devtools.broker.InProcessBroker;
import dev.spamflow.devtools.broker.Subscriber;
import dev.spamflow.devtools.broker.Trigger;
import dev.spamflow.devtools.broker.TriggerManifests;
import dev.spamflow.events.EventTypes;
import dev.spamflow.events.ModelPromoted;
import dev.spamflow.events.ModelRejected;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.Manifests;
import dev.spamflow.pipeline.RawManifest;
import dev.spamflow.pipeline.curate.CurateResult;
import dev.spamflow.pipeline.drift.DriftSettings;
import dev.spamflow.pipeline.event.CurateEventHandler;
import dev.spamflow.pipeline.event.IngestEventHandler;
import dev.spamflow.pipeline.event.RegisterEventHandler;
import dev.spamflow.pipeline.event.StageCatalogue;
import dev.spamflow.pipeline.event.StageContext;
import dev.spamflow.pipeline.event.StageEventHandler;
import dev.spamflow.pipeline.event.StageReply;
import dev.spamflow.pipeline.event.TrainEventHandler;
import dev.spamflow.pipeline.ingest.IngestResult;
import dev.spamflow.pipeline.recovery.PipelineProgress;
import dev.spamflow.pipeline.register.RegisterResult;
import dev.spamflow.pipeline.register.RegisterSettings;
import dev.spamflow.pipeline.train.TrainResult;
import dev.spamflow.pipeline.train.TrainSettings;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The stages a Trigger subscribes (ingest, curate, train, register) as subscribers of an in-process
 * broker that routes by the repository's Knative Triggers, on the file-system store and registry
 * under one data directory. Each subscriber is the handler {@link StageCatalogue} builds (the same
 * one the Knative services run) and answers with the stage's output event, which the broker
 * publishes again, as a Knative reply.
 *
 * <p>Delivery is synchronous: {@link #upload} and {@link #announce} return once the pipeline has
 * run as far as the object takes it. Each step is reported as one line, as it happens.
 */
public final class LocalPipeline implements AutoCloseable {

  /** The broker the Triggers subscribe to. */
  public static final String BROKER = "spamflow";

  /** The bucket name events and manifests carry; the embedded store has a single namespace. */
  public static final String BUCKET = "spamflow";

  /** The dead-letter log's file name in the data directory. */
  public static final String DEAD_LETTERS = "dead-letters.jsonl";

  /** The registered model's name. */
  public static final String MODEL = RegisterSettings.DEFAULT.model();

  private final FileSystemConfig config;
  private final ObjectStore store;
  private final FileSystemModelRegistry registry;
  private final InProcessBroker broker;
  private final Consumer<String> report;
  private final RunLog log = new RunLog();
  private final DataDirectoryLock lock;

  /**
   * Wires the stages.
   *
   * @param config the data directory
   * @param triggers the Trigger manifests (a file or a folder such as {@code knative/base})
   * @param train the train stage's settings (trial budget, epoch cap)
   * @param report receives one line per step
   * @param lock the data directory's lock, held by this process; closing the pipeline releases it
   * @throws IllegalArgumentException if the manifests hold no Trigger for broker {@value #BROKER}
   */
  public LocalPipeline(
      FileSystemConfig config,
      Path triggers,
      TrainSettings train,
      Consumer<String> report,
      DataDirectoryLock lock) {
    this(config, triggers, train, report, Map.of(), lock);
  }

  /**
   * Wires the stages and other Services that run beside them, such as the inference API.
   *
   * @param config the data directory
   * @param triggers the Trigger manifests (a file or a folder such as {@code knative/base})
   * @param train the train stage's settings (trial budget, epoch cap)
   * @param report receives one line per step
   * @param services subscribers by the Knative Service names the Triggers give them, for Services
   *     other than the four stages
   * @param lock the data directory's lock, held by this process; closing the pipeline releases it.
   *     Holding it is what lets train take over an unfinished attempt at once ({@link
   *     TrainSettings#lease()} zero): no other process can be running a stage here.
   * @throws IllegalArgumentException if the manifests hold no Trigger for broker {@value #BROKER},
   *     or {@code services} names a stage
   */
  public LocalPipeline(
      FileSystemConfig config,
      Path triggers,
      TrainSettings train,
      Consumer<String> report,
      Map<String, Subscriber> services,
      DataDirectoryLock lock) {
    this.config = Objects.requireNonNull(config, "config");
    this.lock = Objects.requireNonNull(lock, "lock");
    this.report = Objects.requireNonNull(report, "report");
    for (String name : services.keySet()) {
      if (StageCatalogue.contains(name)) {
        throw new IllegalArgumentException("'" + name + "' is a stage this pipeline runs itself");
      }
    }
    List<Trigger> all =
        TriggerManifests.read(triggers).stream().filter(t -> t.broker().equals(BROKER)).toList();
    // Every stage of the catalogue that a Trigger subscribes runs here; drift has no Trigger (its
    // PingSource calls it directly) and runs on `up`'s own schedule instead.
    Set<String> stages = new LinkedHashSet<>();
    for (String name : StageCatalogue.names()) {
      if (all.stream().anyMatch(t -> t.subscriber().equals(name))) {
        stages.add(name);
      }
    }
    Set<String> running = new HashSet<>(stages);
    running.addAll(services.keySet());
    // Triggers to Services that do not run in this process are left out, so their events are
    // dropped rather than dead-lettered as undeliverable.
    List<Trigger> routes = all.stream().filter(t -> running.contains(t.subscriber())).toList();
    List<String> skipped =
        all.stream()
            .filter(t -> !running.contains(t.subscriber()))
            .map(t -> t.name() + " (" + t.subscriber() + ")")
            .toList();
    this.broker =
        new InProcessBroker(
            BROKER, routes, new DeadLetterLog(config.dataDirectory().resolve(DEAD_LETTERS)));
    if (broker.triggers().isEmpty()) {
      throw new IllegalArgumentException(
          triggers + " holds no Knative Trigger for broker '" + BROKER + "'");
    }
    report.accept(
        "broker: "
            + routes.size()
            + " Triggers from "
            + triggers
            + (skipped.isEmpty()
                ? ""
                : "; not running locally, so not routed: " + String.join(", ", skipped)));
    this.store = new NotifyingObjectStore(FileSystemObjectStore.create(config), BUCKET, broker);
    this.registry = FileSystemModelRegistry.create(config);
    LocalStageContext context =
        new LocalStageContext(
            store,
            registry,
            registry,
            Optional.empty(),
            Optional.of(FileSystemOnlineFeatureStore.create(config)),
            train.withLease(Duration.ZERO),
            DriftSettings.DEFAULT,
            Clock.systemUTC());
    for (String name : stages) {
      broker.subscribe(name, subscriber(name, context));
    }
    services.forEach(broker::subscribe);
  }

  /**
   * The stage {@code name} as a subscriber: the catalogue's handler, with a report line per step.
   * The four stages of the upload chain report what they did in their own words; any other stage
   * reports its result as it prints itself.
   */
  private Subscriber subscriber(String name, StageContext context) {
    return switch (name) {
      case IngestEventHandler.STAGE -> {
        IngestEventHandler ingest = StageCatalogue.ingest(context);
        yield event -> onUpload(ingest, CrashPoint.delivered(name, event));
      }
      case CurateEventHandler.STAGE -> {
        CurateEventHandler curate = StageCatalogue.curate(context);
        yield event -> onRawManifest(curate, CrashPoint.delivered(name, event));
      }
      case TrainEventHandler.STAGE -> {
        TrainEventHandler trainer = StageCatalogue.train(context);
        yield event -> onCurated(trainer, CrashPoint.delivered(name, event));
      }
      case RegisterEventHandler.STAGE -> {
        RegisterEventHandler register = StageCatalogue.register(context);
        yield event -> onTrained(register, CrashPoint.delivered(name, event));
      }
      default -> {
        StageEventHandler<?> handler = StageCatalogue.handler(name, context);
        yield event -> {
          received(event);
          StageReply<?> reply = handler.handle(CrashPoint.delivered(name, event));
          step(name, String.valueOf(reply.result()));
          return reply.event();
        };
      }
    };
  }

  /** Releases the data directory's lock. */
  @Override
  public void close() {
    lock.close();
  }

  /** The data directory. */
  public Path dataDirectory() {
    return config.dataDirectory();
  }

  /** The folder of the embedded store that holds objects under {@code inbox/}. */
  public Path inboxDirectory() {
    return config.storeDirectory().resolve("objects").resolve("inbox");
  }

  /** The registry, for callers that report on versions and aliases. */
  public FileSystemModelRegistry registry() {
    return registry;
  }

  /**
   * Stores {@code file} as {@code inbox/<file name>} and runs the pipeline on it.
   *
   * @return what the run did
   * @throws java.nio.file.NoSuchFileException if the file does not exist
   */
  public RunLog.Summary upload(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new java.nio.file.NoSuchFileException(file.toString(), null, "no such file");
    }
    String key = DatasetRef.INBOX_PREFIX + file.getFileName();
    int deadBefore = broker.deadLetters().read().size();
    log.start(key);
    try (InputStream content = Files.newInputStream(file)) {
      // The store's notification runs the pipeline before put returns.
      store.put(key, content, Files.size(file), "application/octet-stream", Map.of());
    }
    return log.finish(deadLetterErrors(deadBefore));
  }

  /**
   * Runs the pipeline for an object already in the store (a file dropped into the inbox folder), as
   * MinIO's notification of it would.
   */
  public RunLog.Summary announce(ObjectInfo object) {
    int deadBefore = broker.deadLetters().read().size();
    log.start(object.key());
    broker.publish(S3Events.objectCreated(BUCKET, object));
    return log.finish(deadLetterErrors(deadBefore));
  }

  /**
   * Publishes an event a stage outside the broker's Triggers made (the drift check's {@code
   * drift.detected}) and runs the pipeline as far as it goes: a retraining, then the gate.
   *
   * @param event the event
   * @param source what the run is named by in its summary (the drift report's folder)
   * @return what the run did
   */
  public RunLog.Summary publish(CloudEvent event, String source) {
    int deadBefore = broker.deadLetters().read().size();
    log.start(source);
    broker.publish(event);
    return log.finish(deadLetterErrors(deadBefore));
  }

  /**
   * Resumes every chain that did not reach a verdict (a crash, an event lost past its retries): an
   * upload not ingested is announced to ingest again; a dataset ingested and not decided has its
   * raw manifest announced again, byte for byte, and each stage finds its finished work and
   * announces it, or finishes what was left. One line per chain resumed, before it runs.
   *
   * @return what each resumed run did, in order
   */
  public List<RunLog.Summary> reconcile() {
    List<RunLog.Summary> runs = new ArrayList<>();
    for (PipelineProgress.Chain chain : PipelineProgress.scan(store, registry)) {
      if (chain.stage().finished()) {
        continue;
      }
      report.accept("resuming " + chain.describe());
      int deadBefore = broker.deadLetters().read().size();
      if (chain.object().isPresent()) {
        log.start(chain.sourceKey());
        broker.publish(S3Events.objectCreated(BUCKET, chain.object().get()));
      } else {
        String manifest = chain.dataset().orElseThrow().raw(DatasetRef.MANIFEST);
        log.start(chain.sourceKey());
        // Written again through the notifying store: its notification starts curate, as MinIO's
        // would; ingest is not run again, so the run's summary gets ingest's recorded result.
        log.ingested(
            new IngestResult(
                IngestResult.Status.ALREADY_INGESTED,
                chain.sourceKey(),
                chain.dataset(),
                rawCounts(manifest),
                true,
                ""));
        store.put(manifest, store.getBytes(manifest), "application/json");
      }
      runs.add(log.finish(deadLetterErrors(deadBefore)));
    }
    return runs;
  }

  private DatasetStats rawCounts(String manifestKey) {
    return Manifests.read(store, manifestKey, RawManifest.class).counts();
  }

  /** The dead-letter log: events no stage could take, with why. */
  public DeadLetterLog deadLetters() {
    return broker.deadLetters();
  }

  /**
   * Sends one dead-lettered event again, through the Trigger it failed on, and runs the pipeline as
   * far as it goes. The entry is removed from the log when the delivery succeeds; a failure is
   * logged again as a new entry.
   *
   * @param position the entry's 0-based position in {@link DeadLetterLog#read}
   * @return what the run did
   * @throws IllegalArgumentException if the log has no such entry, or its Trigger is not routed
   *     here
   */
  public RunLog.Summary replay(int position) {
    List<DeadLetterLog.Entry> entries = broker.deadLetters().read();
    if (position < 0 || position >= entries.size()) {
      throw new IllegalArgumentException(
          "the dead-letter log holds "
              + entries.size()
              + " entries; there is no #"
              + (position + 1));
    }
    DeadLetterLog.Entry entry = entries.get(position);
    int deadBefore = entries.size();
    log.start(Objects.requireNonNullElse(entry.event().getSubject(), entry.event().getId()));
    boolean delivered = broker.redeliver(entry.trigger(), entry.event());
    RunLog.Summary run = log.finish(deadLetterErrors(deadBefore));
    if (delivered) {
      broker.deadLetters().remove(Set.of(position));
    }
    return run;
  }

  /** The store the stages write through (it notifies the broker). */
  public ObjectStore store() {
    return store;
  }

  private List<String> deadLetterErrors(int before) {
    List<DeadLetterLog.Entry> entries = broker.deadLetters().read();
    return entries.subList(Math.min(before, entries.size()), entries.size()).stream()
        .map(e -> e.subscriber() + ": " + e.error())
        .toList();
  }

  private Optional<CloudEvent> onUpload(IngestEventHandler ingest, CloudEvent event) {
    received(event);
    StageReply<IngestResult> reply = ingest.handle(event);
    IngestResult result = reply.result();
    log.ingested(result);
    if (reply.event().isEmpty()) {
      step("ingest", result.sourceKey() + ": " + result.status() + ", " + result.detail());
      return Optional.empty();
    }
    var c = result.counts();
    String outcome =
        switch (result.status()) {
          case ALREADY_INGESTED ->
              "ALREADY_INGESTED (same messages as before: nothing to redo; the stages after"
                  + " it check their own)";
          default -> result.status().toString();
        };
    step(
        reply.event().get(),
        String.format(
            Locale.ROOT,
            "dataset %s: read %d = %d accepted + %d rejected + %d duplicates; %s%s",
            result.dataset().map(DatasetRef::id).orElse(""),
            c.read(),
            c.accepted(),
            c.rejected(),
            c.duplicates(),
            outcome,
            result.trainable() ? "" : "; not trainable: " + result.detail()));
    return reply.event();
  }

  private Optional<CloudEvent> onRawManifest(CurateEventHandler curate, CloudEvent event) {
    received(event);
    StageReply<CurateResult> reply = curate.handle(event);
    CurateResult result = reply.result();
    log.curated(result);
    if (reply.event().isEmpty()) {
      step(
          "curate",
          "dataset "
              + result.dataset().id()
              + ": "
              + result.status()
              + ", "
              + result.detail()
              + "; no training started");
      return Optional.empty();
    }
    step(
        reply.event().get(),
        String.format(
            Locale.ROOT,
            "dataset %s: train %d, validation %d, test %d; %s",
            result.dataset().id(),
            result.train().total(),
            result.validation().total(),
            result.test().total(),
            result.status()));
    return reply.event();
  }

  private Optional<CloudEvent> onCurated(TrainEventHandler train, CloudEvent event) {
    String datasetId =
        EventTypes.DRIFT_DETECTED.equals(event.getType())
            ? TrainEventHandler.retraining(event).dataset().id()
                + " (retraining "
                + TrainEventHandler.retraining(event).name()
                + ")"
            : TrainEventHandler.dataset(event).id();
    step("train", "dataset " + datasetId + ": training…");
    StageReply<TrainResult> reply = train.handle(event);
    TrainResult result = reply.result();
    if (reply.event().isEmpty()) {
      step("train", "dataset " + datasetId + ": " + result.status() + ", " + result.detail());
      return Optional.empty();
    }
    step(
        reply.event().get(),
        String.format(
            Locale.ROOT,
            "dataset %s: run %s, %d trial(s), validation F1 %s, test F1 %s; %s",
            datasetId,
            result.runId(),
            result.trials(),
            metric(result.metrics(), Metrics.Names.VALIDATION + Metrics.Names.F1),
            metric(result.metrics(), Metrics.Names.TEST + Metrics.Names.F1),
            result.status()));
    return reply.event();
  }

  private Optional<CloudEvent> onTrained(RegisterEventHandler register, CloudEvent event) {
    StageReply<RegisterResult> reply = register.handle(event);
    RegisterResult result = reply.result();
    log.registered(result);
    String champion =
        result.champion().isPresent()
            ? "champion was version " + result.champion().getAsInt()
            : "no champion before";
    String verdict =
        switch (result.event()) {
          case ModelPromoted p -> "PROMOTED to " + p.alias();
          case ModelRejected r -> "REJECTED: " + r.reason();
          default -> result.outcome().toString();
        };
    step(
        reply.event().orElseThrow(),
        String.format(
            Locale.ROOT,
            "%s version %d: test F1 %s; %s; %s%s",
            result.model(),
            result.version(),
            metric(result.metrics(), Metrics.Names.F1),
            champion,
            verdict,
            result.repeated() ? " (already decided: nothing changed)" : ""));
    return reply.event();
  }

  private void received(CloudEvent event) {
    report.accept(event.getType() + "  " + event.getSubject());
  }

  private void step(CloudEvent output, String text) {
    report.accept(output.getType() + "  " + text);
  }

  private void step(String stage, String text) {
    report.accept(stage + ": " + text);
  }

  /** Prints a metric the way a reader compares them, or "n/a" when the run did not record it. */
  private static String metric(Map<String, Double> metrics, String name) {
    Double value = metrics.get(name);
    return value == null ? "n/a" : String.format(Locale.ROOT, "%.4f", value);
  }
}
