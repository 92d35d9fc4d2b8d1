package dev.spamflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamflow.adapters.RetrySettings;
import dev.spamflow.adapters.http.HttpEventPublisher;
import dev.spamflow.adapters.http.HttpPublisherConfig;
import dev.spamflow.adapters.minio.BucketNotification;
import dev.spamflow.adapters.minio.MinioConfig;
import dev.spamflow.adapters.minio.MinioObjectStore;
import dev.spamflow.adapters.mlflow.MlflowConfig;
import dev.spamflow.adapters.mlflow.MlflowModelRegistry;
import dev.spamflow.core.data.TestData;
import dev.spamflow.core.port.ModelVersion;
import dev.spamflow.core.port.Run;
import dev.spamflow.core.port.RunStatus;
import dev.spamflow.core.serving.BundleManifest;
import dev.spamflow.devtools.broker.BrokerServer;
import dev.spamflow.devtools.broker.DeadLetterLog;
import dev.spamflow.devtools.broker.HttpSubscriber;
import dev.spamflow.devtools.broker.Subscriber;
import dev.spamflow.devtools.broker.TriggerManifests;
import dev.spamflow.events.DatasetCurated;
import dev.spamflow.events.EventTypes;
import dev.spamflow.events.ModelPromoted;
import dev.spamflow.events.ModelTrained;
import dev.spamflow.events.SpamflowEvents;
import dev.spamflow.events.bridge.MinioBridge;
import dev.spamflow.events.bridge.S3EventConverter;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.train.TrainFunction;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploading the SMS collection to a real MinIO produces a {@code champion} in a real MLflow, with
 * nothing else done: MinIO's webhook → the minio-bridge → a {@link BrokerServer} routing by the
 * Triggers in {@code knative/base} → ingest → curate → train → register, each stage its own JVM
 * started as a Knative Service would be ({@code PORT}, {@code K_SINK}, {@code
 * SPRING_CLOUD_FUNCTION_DEFINITION}). Uploading the same file again changes nothing.
 *
 * <p>MinIO is a private instance of {@code SPAMFLOW_MINIO_BIN}, because webhook targets are server
 * settings fixed at start-up; MLflow is the server of {@code scripts/servers.sh}. The run also
 * measures upload-to-champion per stage, logs the figures and writes them to {@code
 * upload-to-champion.md} in its work folder (see this module's README).
 */
class UploadToChampionIT {
  private static final Logger LOG = LoggerFactory.getLogger(UploadToChampionIT.class);

  private static final String FIX =
      "start the servers first: source scripts/servers.sh && servers_install && servers_up";
  private static final String TARGET_ID = "SPAMFLOW";
  private static final String BUCKET = "spamflow";
  private static final String MODEL = BundleManifest.MODEL_NAME;
  private static final String CHAMPION = "champion";
  private static final String UPLOAD_KEY = "inbox/SMSSpamCollection";
  private static final List<String> STAGES = List.of("ingest", "curate", "train", "register");
  private static final Duration STAGE_START_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration PIPELINE_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration QUIET = Duration.ofSeconds(10);
  private static final int LOG_LINES = 40;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EventTimeline timeline = new EventTimeline();
  private final Map<String, ChildProcess> stages = new LinkedHashMap<>();
  private final Map<String, Duration> startUp = new LinkedHashMap<>();
  private Path work;
  private ChildProcess minio;
  private BrokerServer broker;
  private MinioBridge bridge;
  private MinioObjectStore store;
  private String minioSecret;
  private MlflowModelRegistry registry;
  private int trials;
  private int maxEpochs;
  private String classpath;
  private URI minioEndpoint;
  private URI mlflowUri;
  private int trainPort;

  @BeforeEach
  void start() throws Exception {
    String minioBin = requireEnv("SPAMFLOW_MINIO_BIN");
    URI mlflow = URI.create(requireEnv("SPAMFLOW_MLFLOW_URI"));
    String classpath = stagesClasspath();
    trials = Integer.parseInt(requireProperty("spamflow.e2e.trials"));
    maxEpochs = Integer.parseInt(requireProperty("spamflow.e2e.maxEpochs"));
    work =
        Files.createDirectories(
            Path.of(requireProperty("spamflow.e2e.work.dir"))
                .resolve(
                    DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
                        .withZone(ZoneOffset.UTC)
                        .format(Instant.now())));
    LOG.info("work folder (logs, MinIO data, dead letters): {}", work);

    // The broker first: the bridge publishes to it, and the stages' K_SINK is its address.
    Map<String, Integer> ports = new LinkedHashMap<>();
    Map<String, Subscriber> routes = new LinkedHashMap<>();
    HttpClient client = HttpClient.newHttpClient();
    for (String stage : STAGES) {
      int port = freePort();
      ports.put(stage, port);
      routes.put(
          stage,
          new HttpSubscriber(
              URI.create("http://127.0.0.1:" + port + "/"),
              client,
              HttpSubscriber.DEFAULT_TIMEOUT));
    }
    // Inference is not part of this flow: a stand-in acknowledges model.promoted as the running
    // service would, so the Trigger that feeds it leaves no dead letter.
    routes.put("inference", event -> Optional.empty());
    broker =
        BrokerServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            "spamflow",
            TriggerManifests.read(Path.of(requireProperty("spamflow.e2e.knative.dir"))),
            routes,
            new DeadLetterLog(work.resolve("dead-letters.jsonl")),
            new BrokerServer.Options(1_000, Duration.ofSeconds(5)));
    broker.addListener(timeline);

    // The bridge listens before MinIO starts: MinIO probes its webhook target at start-up.
    String token = UUID.randomUUID().toString();
    bridge =
        MinioBridge.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            token,
            new S3EventConverter(),
            new HttpEventPublisher(HttpPublisherConfig.of(broker.uri())));
    minioSecret = "e2e-" + UUID.randomUUID();
    URI minioEndpoint = startMinio(minioBin, token);
    store = openStore(minioEndpoint);
    store.configureNotifications(
        List.of(
            new BucketNotification(TARGET_ID, List.of("s3:ObjectCreated:*"), "inbox/", ""),
            new BucketNotification(
                TARGET_ID, List.of("s3:ObjectCreated:*"), "raw/", "manifest.json")));

    registry = new MlflowModelRegistry(MlflowConfig.of(mlflow));
    // The MLflow server is shared by the whole test session: a champion left by an earlier run
    // would make the quality gate compare against it, so this run starts without one.
    if (registry.versionByAlias(MODEL, CHAMPION).isPresent()) {
      LOG.info("removing alias {} of {} left by an earlier run", CHAMPION, MODEL);
      mlflow(
          mlflow,
          "DELETE",
          "/api/2.0/mlflow/registered-models/alias",
          JSON.writeValueAsString(Map.of("name", MODEL, "alias", CHAMPION)));
    }

    this.classpath = classpath;
    this.minioEndpoint = minioEndpoint;
    this.mlflowUri = mlflow;
    this.trainPort = ports.get("train");
    for (String stage : STAGES) {
      stages.put(stage, startStage(stage, ports.get(stage), classpath, minioEndpoint, mlflow));
    }
    for (String stage : STAGES) {
      startUp.put(
          stage,
          stages
              .get(stage)
              .awaitHealthy(
                  URI.create("http://127.0.0.1:" + ports.get(stage) + "/actuator/health/readiness"),
                  STAGE_START_TIMEOUT,
                  this::diagnostics));
    }
    LOG.info("stages ready (JVM start to readiness): {}", startUp);
  }

  @AfterEach
  void stop() {
    // Everything is stopped even when a step fails; stages first, so nothing publishes to a
    // stopped broker.
    for (ChildProcess stage : stages.values()) {
      quietly(stage::stop);
    }
    if (bridge != null) {
      quietly(bridge::close);
    }
    if (minio != null) {
      quietly(minio::stop);
    }
    if (broker != null) {
      quietly(broker::close);
    }
  }

  @Test
  void anUploadBecomesTheChampionAndTheSameUploadAgainChangesNothing() throws Exception {
    Path sms = TestData.sms();
    Instant uploadStarted = Instant.now();
    upload(sms);
    Instant uploaded = Instant.now();

    EventTimeline.Seen outcome =
        awaitEvent(
            uploadStarted,
            "model.promoted or model.rejected",
            seen ->
                seen.type().equals(EventTypes.MODEL_PROMOTED)
                    || seen.type().equals(EventTypes.MODEL_REJECTED),
            PIPELINE_TIMEOUT);
    assertThat(outcome.type())
        .as(
            () ->
                "the first model for an empty registry must be promoted; "
                    + new String(outcome.event().getData().toBytes(), StandardCharsets.UTF_8)
                    + diagnostics())
        .isEqualTo(EventTypes.MODEL_PROMOTED);
    ModelPromoted promoted = SpamflowEvents.read(outcome.event(), ModelPromoted.class);
    ModelVersion champion = awaitChampion(promoted.version(), Duration.ofMinutes(1));
    Instant championVisible = Instant.now();

    assertThat(champion.model()).isEqualTo(MODEL);
    assertThat(champion.runId()).isEqualTo(promoted.runId());
    Run run = registry.getRun(champion.runId());
    assertThat(run.params()).as(() -> "params of run " + run.id() + diagnostics()).isNotEmpty();
    assertThat(run.metrics()).as(() -> "metrics of run " + run.id() + diagnostics()).isNotEmpty();
    // MLflow's own REST API, as its UI lists a run's artifacts.
    assertThat(
            mlflow(
                    mlflowUri,
                    "GET",
                    "/api/2.0/mlflow/artifacts/list?run_id=" + champion.runId(),
                    null)
                .path("files"))
        .as(() -> "artifacts of run " + run.id() + diagnostics())
        .isNotEmpty();
    report(uploadStarted, uploaded, championVisible);

    // The same file again: recognised by its content, so no new version and the same champion.
    List<Integer> versionsBefore = versionNumbers();
    Instant again = Instant.now();
    upload(sms);
    awaitEvent(
        again,
        "the notification of the second upload",
        UploadToChampionIT::isUpload,
        Duration.ofMinutes(1));
    awaitQuiet(Duration.ofMinutes(5));

    // Every stage finds its finished work and announces it again (so a chain cut short after a
    // crash would be finished): the same run, the same version, and nothing new.
    List<EventTimeline.Seen> after = timeline.since(again);
    assertThat(after)
        .as(() -> "events after the second upload" + diagnostics())
        .extracting(EventTimeline.Seen::type)
        .doesNotContain(EventTypes.MODEL_REJECTED);
    for (EventTimeline.Seen seen : after) {
      if (seen.type().equals(EventTypes.MODEL_TRAINED)) {
        assertThat(SpamflowEvents.read(seen.event(), ModelTrained.class).runId())
            .as(() -> "the run re-announced" + diagnostics())
            .isEqualTo(promoted.runId());
      }
      if (seen.type().equals(EventTypes.MODEL_PROMOTED)) {
        assertThat(SpamflowEvents.read(seen.event(), ModelPromoted.class).version())
            .as(() -> "the version re-announced" + diagnostics())
            .isEqualTo(promoted.version());
      }
    }
    assertThat(versionNumbers())
        .as(() -> "versions of " + MODEL + diagnostics())
        .isEqualTo(versionsBefore);
    assertThat(registry.versionByAlias(MODEL, CHAMPION).map(ModelVersion::version))
        .as(() -> "the champion after the second upload" + diagnostics())
        .contains(champion.version());
    assertThat(broker.deadLetters().read()).as(this::diagnostics).isEmpty();
  }

  @Test
  void aTrainStageKilledMidSearchIsTakenOverInTheSameRunWhenTheFileIsUploadedAgain()
      throws Exception {
    Path sms = TestData.sms();
    Instant started = Instant.now();
    upload(sms);
    EventTimeline.Seen curated =
        awaitEvent(
            started, "dataset.curated", isType(EventTypes.DATASET_CURATED), PIPELINE_TIMEOUT);
    DatasetRef dataset =
        new DatasetRef(SpamflowEvents.read(curated.event(), DatasetCurated.class).datasetId());
    // Killed as a node failure would kill it: once its attempt is marked and a trial is running.
    String markerKey = TrainFunction.startedKey(dataset);
    JsonNode marker = awaitMarkerWithATrial(markerKey, Duration.ofMinutes(3));
    String runId = marker.path("runId").asText();
    stages.get("train").kill();
    assertThat(store.stat(TrainFunction.resultKey(dataset))).isEmpty();
    stages.put("train", startStage("train", trainPort, classpath, minioEndpoint, mlflowUri));
    stages
        .get("train")
        .awaitHealthy(
            URI.create("http://127.0.0.1:" + trainPort + "/actuator/health/readiness"),
            STAGE_START_TIMEOUT,
            this::diagnostics);

    // What a user does when nothing seems to happen: upload the file again. Ingest announces the
    // known dataset again, curate re-announces, and train takes the silent attempt over.
    Instant again = Instant.now();
    upload(sms);
    EventTimeline.Seen outcome =
        awaitEvent(
            again,
            "model.promoted after the take-over",
            isType(EventTypes.MODEL_PROMOTED),
            PIPELINE_TIMEOUT);
    ModelPromoted promoted = SpamflowEvents.read(outcome.event(), ModelPromoted.class);

    assertThat(promoted.runId()).as(this::diagnostics).isEqualTo(runId);
    Run search = registry.getRun(runId);
    assertThat(search.tags())
        .as(this::diagnostics)
        .containsEntry(TrainFunction.DATASET_TAG, dataset.id())
        .containsKey("spamflow.attempt");
    assertThat(Integer.parseInt(search.tags().get("spamflow.attempt"))).isGreaterThanOrEqualTo(2);
    assertThat(registry.getRun(marker.path("trialRunIds").get(0).asText()).status())
        .isEqualTo(RunStatus.KILLED);
    assertThat(
            registry.versions(MODEL).stream()
                .filter(v -> v.runId().equals(runId))
                .map(ModelVersion::version))
        .as(() -> "versions of run " + runId + diagnostics())
        .containsExactly(Integer.parseInt(promoted.version()));
    assertThat(store.stat(markerKey)).isEmpty();
  }

  /** Waits until train's attempt marker names a trial run: the search is under way. */
  private JsonNode awaitMarkerWithATrial(String key, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (store.stat(key).isPresent()) {
        JsonNode marker = JSON.readTree(store.getBytes(key));
        if (marker.path("trialRunIds").size() > 0 && !marker.path("runId").isNull()) {
          return marker;
        }
      }
      failIfAStageDied("train's attempt marker " + key);
      Thread.sleep(200);
    }
    throw new AssertionError("no attempt marker with a trial at " + key + diagnostics());
  }

  private void upload(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      store.put(UPLOAD_KEY, in, Files.size(file), "text/tab-separated-values", Map.of());
    }
  }

  private static boolean isUpload(EventTimeline.Seen seen) {
    return seen.type().startsWith("com.amazonaws.s3.ObjectCreated:")
        && seen.subject().equals(UPLOAD_KEY);
  }

  private static Predicate<EventTimeline.Seen> isType(String type) {
    return seen -> seen.type().equals(type);
  }

  /** Waits for an event, failing early if a stage process dies. */
  private EventTimeline.Seen awaitEvent(
      Instant since, String what, Predicate<EventTimeline.Seen> filter, Duration timeout)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      Optional<EventTimeline.Seen> seen = timeline.first(since, filter);
      if (seen.isPresent()) {
        return seen.get();
      }
      failIfAStageDied(what);
      Thread.sleep(200);
    }
    throw new AssertionError("no " + what + " within " + timeout + diagnostics());
  }

  private ModelVersion awaitChampion(String version, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    Optional<ModelVersion> champion = Optional.empty();
    while (Instant.now().isBefore(deadline)) {
      champion = registry.versionByAlias(MODEL, CHAMPION);
      if (champion.isPresent() && Integer.toString(champion.get().version()).equals(version)) {
        return champion.get();
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "MLflow's "
            + CHAMPION
            + " of "
            + MODEL
            + " is "
            + champion
            + ", not the promoted version "
            + version
            + diagnostics());
  }

  /** Waits until no delivery is pending and no event arrived for {@link #QUIET}. */
  private void awaitQuiet(Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      Instant last = timeline.last().orElse(Instant.EPOCH);
      if (broker.pendingDeliveries() == 0
          && Duration.between(last, Instant.now()).compareTo(QUIET) >= 0) {
        return;
      }
      failIfAStageDied("the pipeline to go quiet");
      Thread.sleep(500);
    }
    throw new AssertionError("the pipeline did not go quiet within " + timeout + diagnostics());
  }

  private void failIfAStageDied(String waitingFor) {
    for (ChildProcess stage : stages.values()) {
      if (!stage.isAlive()) {
        throw new AssertionError(
            stage.name() + " exited while waiting for " + waitingFor + diagnostics());
      }
    }
  }

  private List<Integer> versionNumbers() {
    return registry.versions(MODEL).stream().map(ModelVersion::version).toList();
  }

  /** A moment of the flow, if it was seen. */
  private record Mark(String what, Optional<Instant> at) {}

  /**
   * Logs the timings of the first upload and writes them to the work folder: every moment in the
   * order it happened, then each stage from the event that started it to the event it emitted.
   */
  private void report(Instant uploadStarted, Instant uploaded, Instant championVisible)
      throws IOException {
    Optional<Instant> notified = at(uploadStarted, UploadToChampionIT::isUpload);
    Optional<Instant> manifest =
        at(
            uploadStarted,
            seen ->
                seen.type().startsWith("com.amazonaws.s3.ObjectCreated:")
                    && seen.subject().startsWith("raw/")
                    && seen.subject().endsWith("/manifest.json"));
    Optional<Instant> ingested = at(uploadStarted, EventTypes.DATASET_INGESTED);
    Optional<Instant> curated = at(uploadStarted, EventTypes.DATASET_CURATED);
    Optional<Instant> trained = at(uploadStarted, EventTypes.MODEL_TRAINED);
    Optional<Instant> promoted = at(uploadStarted, EventTypes.MODEL_PROMOTED);
    List<Mark> marks =
        new ArrayList<>(
            List.of(
                new Mark("upload (PUT) done", Optional.of(uploaded)),
                new Mark("inbox notification at the broker", notified),
                new Mark("raw manifest notification at the broker", manifest),
                new Mark("dataset.ingested", ingested),
                new Mark("dataset.curated", curated),
                new Mark("model.trained", trained),
                new Mark("model.promoted", promoted),
                new Mark("champion alias read back from MLflow", Optional.of(championVisible))));
    marks.sort(Comparator.comparing(mark -> mark.at().orElse(Instant.MAX)));

    StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            Locale.ROOT,
            "Upload to champion: %d trial(s), at most %d epoch(s), %d cores, %s%n%n",
            trials,
            maxEpochs,
            Runtime.getRuntime().availableProcessors(),
            Instant.now()));
    table.append("| moment | since upload (s) | since previous (s) |\n|---|---:|---:|\n");
    Instant previous = uploadStarted;
    for (Mark mark : marks) {
      if (mark.at().isEmpty()) {
        table.append(String.format("| %s | not seen | |%n", mark.what()));
        continue;
      }
      Instant at = mark.at().get();
      table.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f | %.1f |%n",
              mark.what(),
              seconds(uploadStarted, at),
              seconds(previous, at)));
      previous = at;
    }
    table
        .append("\nEach stage, from the event that triggers it to the event it emits (s): ")
        .append(
            String.join(
                ", ",
                stage("ingest", notified, ingested),
                stage("curate", manifest, curated),
                stage("train", curated, trained),
                stage("register", trained, promoted)))
        .append("\nStage start-up, JVM start to readiness, the four in parallel (s): ");
    List<String> startUps = new ArrayList<>();
    startUp.forEach(
        (name, took) ->
            startUps.add(String.format(Locale.ROOT, "%s %.1f", name, took.toMillis() / 1e3)));
    table.append(String.join(", ", startUps));
    table.append('\n');
    Files.writeString(work.resolve("upload-to-champion.md"), table);
    LOG.info("upload-to-champion timings:\n{}", table);
  }

  private static String stage(String name, Optional<Instant> from, Optional<Instant> to) {
    return from.isPresent() && to.isPresent()
        ? String.format(Locale.ROOT, "%s %.1f", name, seconds(from.get(), to.get()))
        : name + " (not seen)";
  }

  private Optional<Instant> at(Instant since, String type) {
    return at(since, isType(type));
  }

  private Optional<Instant> at(Instant since, Predicate<EventTimeline.Seen> filter) {
    return timeline.first(since, filter).map(EventTimeline.Seen::at);
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }

  /** What a failure message adds: events, dead letters and the end of every process's log. */
  private String diagnostics() {
    StringBuilder out = new StringBuilder("\n\n=== events the broker accepted:\n");
    Instant origin =
        timeline.since(Instant.EPOCH).stream()
            .findFirst()
            .map(EventTimeline.Seen::at)
            .orElse(Instant.now());
    out.append(timeline.describe(origin)).append("\n=== dead letters:\n");
    if (broker == null) {
      out.append("(no broker)\n");
    } else {
      List<DeadLetterLog.Entry> dead = broker.deadLetters().read();
      if (dead.isEmpty()) {
        out.append("(none)\n");
      }
      for (DeadLetterLog.Entry entry : dead) {
        out.append(
            String.format(
                "  %s → %s, %d tries: %s (event %s %s)%n",
                entry.trigger(),
                entry.subscriber(),
                entry.attempts(),
                entry.error(),
                entry.event().getType(),
                entry.event().getSubject()));
      }
    }
    for (ChildProcess stage : stages.values()) {
      out.append(stage.describe(LOG_LINES)).append('\n');
    }
    if (minio != null) {
      out.append(minio.describe(10)).append('\n');
    }
    return out.toString();
  }

  private URI startMinio(String bin, String token) throws Exception {
    int port = freePort();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("MINIO_ROOT_USER", "e2e");
    env.put("MINIO_ROOT_PASSWORD", minioSecret);
    env.put("MINIO_BROWSER", "off");
    env.put("MINIO_NOTIFY_WEBHOOK_ENABLE_" + TARGET_ID, "on");
    env.put(
        "MINIO_NOTIFY_WEBHOOK_ENDPOINT_" + TARGET_ID, "http://127.0.0.1:" + bridge.port() + "/");
    env.put("MINIO_NOTIFY_WEBHOOK_AUTH_TOKEN_" + TARGET_ID, token);
    minio =
        ChildProcess.start(
            "minio",
            List.of(
                bin,
                "server",
                work.resolve("minio-data").toString(),
                "--address",
                "127.0.0.1:" + port,
                "--console-address",
                "127.0.0.1:" + freePort()),
            env,
            work.resolve("minio.log"));
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    minio.awaitHealthy(endpoint.resolve("/minio/health/live"), Duration.ofMinutes(1), () -> "");
    return endpoint;
  }

  private MinioObjectStore openStore(URI endpoint) {
    return MinioObjectStore.open(
        new MinioConfig(
            endpoint,
            "e2e",
            minioSecret,
            BUCKET,
            MinioConfig.DEFAULT_PART_SIZE,
            RetrySettings.DEFAULT));
  }

  private ChildProcess startStage(
      String stage, int port, String classpath, URI minioEndpoint, URI mlflow) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow",
            "-Djava.awt.headless=true",
            "-XX:+UseSerialGC"));
    // The heap settings of knative/base/services: training bounds ND4J's off-heap memory too.
    command.addAll(
        stage.equals("train")
            ? List.of(
                "-Xmx1280m",
                "-Dorg.bytedeco.javacpp.maxbytes=1536m",
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=3584m")
            : List.of("-Xmx1g"));
    command.addAll(List.of("-cp", classpath, "dev.spamflow.stages.StagesApplication"));
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PORT", Integer.toString(port));
    env.put("K_SINK", broker.uri().toString());
    env.put("SPRING_CLOUD_FUNCTION_DEFINITION", stage);
    env.put("SPAMFLOW_MINIO_ENDPOINT", minioEndpoint.toString());
    env.put("SPAMFLOW_MINIO_ACCESS_KEY", "e2e");
    env.put("SPAMFLOW_MINIO_SECRET_KEY", minioSecret);
    env.put("SPAMFLOW_MINIO_BUCKET", BUCKET);
    env.put("SPAMFLOW_MLFLOW_URI", mlflow.toString());
    env.put("SPAMFLOW_TRAIN_TRIALS", Integer.toString(trials));
    env.put("SPAMFLOW_TRAIN_MAX_EPOCHS", Integer.toString(maxEpochs));
    // A killed attempt is taken over 10 s after its last heartbeat, within the broker's retries.
    env.put("SPAMFLOW_TRAIN_LEASE_SECONDS", "10");
    // One ND4J thread trains faster on two cores (DESIGN.md).
    env.put("OMP_NUM_THREADS", "1");
    return ChildProcess.start(stage, command, env, work.resolve(stage + ".log"));
  }

  private static String stagesClasspath() throws IOException {
    Path file = Path.of(requireProperty("spamflow.e2e.classpath.file"));
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          "no stage classpath at "
              + file
              + "; run this test through Maven (verify), which writes it");
    }
    return Files.readString(file, StandardCharsets.UTF_8).strip();
  }

  private static String requireEnv(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set; " + FIX);
    }
    return value;
  }

  private static String requireProperty(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property " + name + " is not set; run this test through Maven (the pom sets it)");
    }
    return value;
  }

  /** Ports handed out in this JVM: the OS may offer a closed probe's port again. */
  private static final java.util.Set<Integer> HANDED_OUT =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  // A free port no earlier call returned: once two stages were given the same port, and the one
  // that bound second died (CI of 2026-12-03).
  private static int freePort() throws IOException {
    while (true) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        if (HANDED_OUT.add(socket.getLocalPort())) {
          return socket.getLocalPort();
        }
      }
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  private static void quietly(Step step) {
    try {
      step.run();
    } catch (Exception e) {
      LOG.warn("could not stop cleanly", e);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Calls MLflow's REST API directly, as another client (its UI, Python) would.
   *
   * @param json the request body, or null for none
   */
  private static JsonNode mlflow(URI server, String method, String pathAndQuery, String json)
      throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(server.resolve(pathAndQuery))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .build();
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException(
            method
                + " "
                + pathAndQuery
                + ": HTTP "
                + response.statusCode()
                + " "
                + response.body());
      }
      return JSON.readTree(response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted calling MLflow", e);
    }
  }
}
