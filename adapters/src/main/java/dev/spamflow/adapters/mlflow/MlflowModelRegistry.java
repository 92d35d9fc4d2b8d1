package dev.spamflow.adapters.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.function.CheckedSupplier;
import dev.spamflow.core.port.ExperimentTracker;
import dev.spamflow.core.port.ModelRegistry;
import dev.spamflow.core.port.ModelRegistryException;
import dev.spamflow.core.port.ModelVersion;
import dev.spamflow.core.port.RegistryEntryNotFoundException;
import dev.spamflow.core.port.RegistryNames;
import dev.spamflow.core.port.Run;
import dev.spamflow.core.port.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ExperimentTracker} and {@link ModelRegistry} on an MLflow tracking server, which
 * serves both APIs.
 *
 * <p>Experiments, runs, parameters, metrics and tags go through the MLflow Java client. Artifacts
 * go through the server's artifact proxy ({@code /api/2.0/mlflow-artifacts/artifacts/…}): the
 * client's {@code logArtifact} starts a Python process, which a JVM service must not need. Model
 * versions and aliases use the registry REST API, which the client does not cover; stages are
 * deprecated and not used.
 *
 * <p>A version is created only after checking that the run holds files at the artifact path, and an
 * alias is set only after checking that the version exists, so a failure (the server stopping
 * half-way included) leaves nothing half-registered.
 */
public final class MlflowModelRegistry implements ExperimentTracker, ModelRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(MlflowModelRegistry.class);
  private static final String PARENT_TAG = "mlflow.parentRunId";
  private static final String ARTIFACT_SCHEME = "mlflow-artifacts:";

  private final MlflowConfig config;
  private final MlflowClient client;
  private final MlflowRest rest;
  private final FailsafeExecutor<Object> retries;
  private final ConcurrentMap<String, String> experimentNames = new ConcurrentHashMap<>();

  /** Connects to the tracking server that {@code config} names; nothing is sent until used. */
  public MlflowModelRegistry(MlflowConfig config) {
    this.config = config;
    this.client = new MlflowClient(config.trackingUri().toString());
    this.rest = new MlflowRest(config);
    this.retries =
        Failsafe.with(
            config
                .retry()
                .policy()
                .handleIf(MlflowModelRegistry::isTransient)
                .onRetry(
                    attempt ->
                        LOG.warn(
                            "MLflow client call to {} failed (attempt {}), retrying: {}",
                            config.trackingUri(),
                            attempt.getAttemptCount(),
                            String.valueOf(attempt.getLastException())))
                .build());
  }

  @Override
  public Run startRun(String experiment, Optional<String> parentRunId, Map<String, String> tags) {
    RegistryNames.requireValidName("experiment", experiment);
    tags.keySet().forEach(name -> RegistryNames.requireValidName("tag", name));
    parentRunId.ifPresent(this::getRun);
    String experimentId = experimentId(experiment);
    Service.CreateRun.Builder request =
        Service.CreateRun.newBuilder()
            .setExperimentId(experimentId)
            .setStartTime(System.currentTimeMillis());
    tags.forEach((key, value) -> request.addTags(tag(key, value)));
    parentRunId.ifPresent(parent -> request.addTags(tag(PARENT_TAG, parent)));
    Service.RunInfo info =
        client("start run in " + experiment, () -> client.createRun(request.build()));
    return getRun(info.getRunId());
  }

  @Override
  public void logParams(String runId, Map<String, String> params) {
    params.keySet().forEach(name -> RegistryNames.requireValidName("param", name));
    params.forEach(
        (key, value) ->
            client(
                "log param " + key + " of run " + runId,
                () -> {
                  client.logParam(runId, key, value);
                  return null;
                }));
  }

  @Override
  public void logMetric(String runId, String key, double value, long step) {
    RegistryNames.requireValidName("metric", key);
    client(
        "log metric " + key + " of run " + runId,
        () -> {
          client.logMetric(runId, key, value, System.currentTimeMillis(), step);
          return null;
        });
  }

  @Override
  public void setTags(String runId, Map<String, String> tags) {
    tags.keySet().forEach(name -> RegistryNames.requireValidName("tag", name));
    tags.forEach(
        (key, value) ->
            client(
                "set tag " + key + " of run " + runId,
                () -> {
                  client.setTag(runId, key, value);
                  return null;
                }));
  }

  @Override
  public void uploadArtifacts(String runId, Path source, String artifactPath) {
    RegistryNames.requireValidArtifactPath(artifactPath);
    if (!Files.exists(source)) {
      throw new IllegalArgumentException("artifact source does not exist: " + source);
    }
    String root = join(artifactRoot(runId), artifactPath);
    try {
      if (Files.isDirectory(source)) {
        for (Path file : files(source)) {
          rest.upload(join(root, source.relativize(file).toString().replace('\\', '/')), file);
        }
      } else {
        rest.upload(join(root, source.getFileName().toString()), source);
      }
    } catch (IOException e) {
      throw new ModelRegistryException("cannot read artifacts below " + source, e);
    }
  }

  @Override
  public void finishRun(String runId, RunStatus status) {
    if (status == RunStatus.RUNNING) {
      throw new IllegalArgumentException("a run finishes as FINISHED, FAILED or KILLED");
    }
    client(
        "finish run " + runId,
        () -> {
          client.setTerminated(
              runId, Service.RunStatus.valueOf(status.name()), System.currentTimeMillis());
          return null;
        });
  }

  @Override
  public Run getRun(String runId) {
    Service.Run run = client("get run " + runId, () -> client.getRun(runId));
    Map<String, String> params = new HashMap<>();
    run.getData().getParamsList().forEach(p -> params.put(p.getKey(), p.getValue()));
    Map<String, Double> metrics = new HashMap<>();
    run.getData().getMetricsList().forEach(m -> metrics.put(m.getKey(), m.getValue()));
    Map<String, String> tags = new HashMap<>();
    Optional<String> parent = Optional.empty();
    for (Service.RunTag tag : run.getData().getTagsList()) {
      if (tag.getKey().equals(PARENT_TAG)) {
        parent = Optional.of(tag.getValue());
      } else if (!tag.getKey().startsWith("mlflow.")) {
        tags.put(tag.getKey(), tag.getValue());
      }
    }
    return new Run(
        runId,
        experimentName(run.getInfo().getExperimentId()),
        parent,
        RunStatus.valueOf(run.getInfo().getStatus().name()),
        params,
        metrics,
        tags);
  }

  @Override
  public ModelVersion registerVersion(
      String model, String runId, String artifactPath, Map<String, String> tags) {
    RegistryNames.requireValidName("model", model);
    RegistryNames.requireValidArtifactPath(artifactPath);
    String artifactUri = getRunInfo(runId).getArtifactUri();
    if (listArtifacts(runId, artifactPath).isEmpty()) {
      throw new IllegalArgumentException(
          "run " + runId + " has no artifacts below '" + artifactPath + "' to register");
    }
    try {
      rest.post("/api/2.0/mlflow/registered-models/create", Map.of("name", model));
    } catch (MlflowRest.AlreadyExistsException e) {
      // Registered by an earlier call: exactly what is needed.
    }
    List<Map<String, String>> tagList = new ArrayList<>();
    tags.forEach((key, value) -> tagList.add(Map.of("key", key, "value", value)));
    JsonNode created =
        rest.post(
            "/api/2.0/mlflow/model-versions/create",
            Map.of(
                "name",
                model,
                "source",
                join(artifactUri, artifactPath),
                "run_id",
                runId,
                "tags",
                tagList));
    return toVersion(created.path("model_version"));
  }

  @Override
  public List<ModelVersion> versions(String model) {
    RegistryNames.requireValidName("model", model);
    List<ModelVersion> versions = new ArrayList<>();
    String pageToken = "";
    do {
      Map<String, String> query = new HashMap<>();
      query.put("filter", "name='" + model.replace("'", "\\'") + "'");
      query.put("max_results", "1000");
      if (!pageToken.isEmpty()) {
        query.put("page_token", pageToken);
      }
      JsonNode page = rest.get("/api/2.0/mlflow/model-versions/search", query);
      page.path("model_versions").forEach(node -> versions.add(toVersion(node)));
      pageToken = page.path("next_page_token").asText("");
    } while (!pageToken.isEmpty());
    versions.sort(Comparator.comparingInt(ModelVersion::version));
    return versions;
  }

  @Override
  public void setAlias(String model, String alias, int version) {
    RegistryNames.requireValidName("model", model);
    RegistryNames.requireValidAlias(alias);
    if (version(model, version).isEmpty()) {
      throw new RegistryEntryNotFoundException(
          "model " + model + " has no version " + version + " for alias " + alias);
    }
    rest.post(
        "/api/2.0/mlflow/registered-models/alias",
        Map.of("name", model, "alias", alias, "version", Integer.toString(version)));
  }

  @Override
  public Optional<ModelVersion> versionByAlias(String model, String alias) {
    RegistryNames.requireValidName("model", model);
    RegistryNames.requireValidAlias(alias);
    try {
      JsonNode found =
          rest.get(
              "/api/2.0/mlflow/registered-models/alias", Map.of("name", model, "alias", alias));
      return Optional.of(toVersion(found.path("model_version")));
    } catch (RegistryEntryNotFoundException | IllegalArgumentException e) {
      // MLflow answers a missing alias with 404 or INVALID_PARAMETER_VALUE, depending on version.
      return Optional.empty();
    }
  }

  @Override
  public void downloadVersion(String model, int version, Path targetDirectory) {
    ModelVersion found =
        version(model, version)
            .orElseThrow(
                () ->
                    new RegistryEntryNotFoundException(
                        "model " + model + " has no version " + version));
    String root = artifactRoot(found.runId());
    String folder = join(root, found.artifactPath());
    List<String> files = new ArrayList<>();
    walk(root, found.artifactPath(), files);
    for (String file : files) {
      String relative =
          found.artifactPath().isEmpty() ? file : file.substring(found.artifactPath().length() + 1);
      rest.download(join(folder, relative), targetDirectory.resolve(relative));
    }
  }

  /** The files of a run's artifacts below {@code artifactPath}, relative to the artifact root. */
  private List<String> listArtifacts(String runId, String artifactPath) {
    String root = artifactRoot(runId);
    List<String> found = new ArrayList<>();
    walk(root, artifactPath, found);
    found.sort(Comparator.naturalOrder());
    return found;
  }

  /** One version of a model, or empty if the model or version does not exist. */
  private Optional<ModelVersion> version(String model, int version) {
    try {
      JsonNode found =
          rest.get(
              "/api/2.0/mlflow/model-versions/get",
              Map.of("name", model, "version", Integer.toString(version)));
      return Optional.of(toVersion(found.path("model_version")));
    } catch (RegistryEntryNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Lists files below {@code relative} (relative to the run's artifact root) into {@code found}.
   */
  private void walk(String root, String relative, List<String> found) {
    JsonNode listing = rest.listArtifacts(join(root, relative));
    for (JsonNode file : listing.path("files")) {
      String name = file.path("path").asText();
      // The proxy answers with names relative to the listed folder.
      String path = relative.isEmpty() ? name : relative + "/" + name;
      if (file.path("is_dir").asBoolean(false)) {
        walk(root, path, found);
      } else {
        found.add(path);
      }
    }
  }

  /** The run's artifact root as a path below the artifact proxy, e.g. {@code 1/<run>/artifacts}. */
  private String artifactRoot(String runId) {
    String uri = getRunInfo(runId).getArtifactUri();
    if (!uri.startsWith(ARTIFACT_SCHEME)) {
      throw new ModelRegistryException(
          "run "
              + runId
              + " stores artifacts at "
              + uri
              + ", not behind the tracking server's artifact proxy; start the server with"
              + " --artifacts-destination (and without --no-serve-artifacts)");
    }
    String path = uri.substring(ARTIFACT_SCHEME.length());
    if (path.startsWith("//")) {
      // mlflow-artifacts://host:port/path names the server explicitly; ours is the tracking URI.
      int slash = path.indexOf('/', 2);
      path = slash < 0 ? "" : path.substring(slash);
    }
    return path.replaceAll("^/+", "");
  }

  private Service.RunInfo getRunInfo(String runId) {
    return client("get run " + runId, () -> client.getRun(runId)).getInfo();
  }

  private String experimentId(String name) {
    Optional<Service.Experiment> existing =
        client("find experiment " + name, () -> client.getExperimentByName(name));
    if (existing.isPresent()) {
      return existing.get().getExperimentId();
    }
    try {
      return client("create experiment " + name, () -> client.createExperiment(name));
    } catch (ModelRegistryException e) {
      // Another process created it in between.
      return client("find experiment " + name, () -> client.getExperimentByName(name))
          .orElseThrow(() -> e)
          .getExperimentId();
    }
  }

  private String experimentName(String experimentId) {
    return experimentNames.computeIfAbsent(
        experimentId,
        id -> client("get experiment " + id, () -> client.getExperiment(id)).getName());
  }

  private ModelVersion toVersion(JsonNode node) {
    String runId = node.path("run_id").asText();
    String source = node.path("source").asText();
    // The source is <run artifact URI>/<artifact path>; the port speaks the path.
    String marker = "/" + runId + "/artifacts";
    int at = source.indexOf(marker);
    String artifactPath =
        at < 0 ? "" : source.substring(at + marker.length()).replaceAll("^/+", "");
    Map<String, String> tags = new HashMap<>();
    node.path("tags")
        .forEach(tag -> tags.put(tag.path("key").asText(), tag.path("value").asText()));
    return new ModelVersion(
        node.path("name").asText(), node.path("version").asInt(), runId, artifactPath, tags);
  }

  private <T> T client(String operation, CheckedSupplier<T> call) {
    try {
      return retries.get(call);
    } catch (FailsafeException e) {
      throw failure(operation, e.getCause() == null ? e : e.getCause());
    } catch (MlflowClientException e) {
      throw failure(operation, e);
    }
  }

  private ModelRegistryException failure(String operation, Throwable cause) {
    String message = operation + " at " + config.trackingUri() + " failed: " + cause.getMessage();
    if (cause instanceof MlflowHttpException http
        && (http.getStatusCode() == 404
            || String.valueOf(http.getBodyMessage()).contains("RESOURCE_DOES_NOT_EXIST"))) {
      return new RegistryEntryNotFoundException(message);
    }
    return new ModelRegistryException(message, cause);
  }

  private static boolean isTransient(Throwable thrown) {
    if (thrown instanceof MlflowHttpException http) {
      return http.getStatusCode() >= 500 || http.getStatusCode() == 429;
    }
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  private static Service.RunTag tag(String key, String value) {
    return Service.RunTag.newBuilder().setKey(key).setValue(value).build();
  }

  private static List<Path> files(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      return paths.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static String join(String base, String relative) {
    if (relative.isEmpty()) {
      return base;
    }
    return base.endsWith("/") ? base + relative : base + "/" + relative;
  }
}
