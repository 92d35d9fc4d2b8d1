package dev.spamflow.adapters.fs;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamflow.core.port.ExperimentTracker;
import dev.spamflow.core.port.ModelRegistry;
import dev.spamflow.core.port.ModelRegistryException;
import dev.spamflow.core.port.ModelVersion;
import dev.spamflow.core.port.RegistryEntryNotFoundException;
import dev.spamflow.core.port.RegistryNames;
import dev.spamflow.core.port.Run;
import dev.spamflow.core.port.RunStatus;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An {@link ExperimentTracker} and {@link ModelRegistry} in a directory, with MLflow's semantics
 * for a local run.
 *
 * <p>Layout: {@code runs/<id>/run.json}, {@code runs/<id>/metrics.jsonl}, {@code
 * runs/<id>/artifacts/…}; {@code models/<name>/versions/<n>/} holding {@code version.json} and a
 * copy of the registered files in {@code files/}; {@code models/<name>/aliases.json}. Every change
 * happens while holding a lock on the directory, so two processes (a trainer and a register stage)
 * can share it; a version folder is assembled aside and renamed into place, and the alias file is
 * replaced by rename, so readers see a version with all its files and an alias that names one.
 */
public final class FileSystemModelRegistry implements ExperimentTracker, ModelRegistry {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern RUN_ID = Pattern.compile("[0-9a-f]{32}");
  private static final TypeReference<Map<String, Integer>> ALIASES = new TypeReference<>() {};

  private final Path runs;
  private final Path models;
  private final Path incoming;
  private final DirectoryLock lock;

  /** What {@code run.json} holds. */
  record StoredRun(
      String id,
      String experiment,
      String parentRunId,
      RunStatus status,
      Map<String, String> params,
      Map<String, String> tags,
      long startMillis,
      long endMillis) {}

  /** One line of {@code metrics.jsonl}. */
  record StoredMetric(String key, double value, long step, long timestampMillis) {}

  /** What {@code version.json} holds. */
  record StoredVersion(
      String model, int version, String runId, String artifactPath, Map<String, String> tags) {}

  /**
   * Opens (creating if needed) a registry rooted at {@code root}.
   *
   * @throws ModelRegistryException if the directory cannot be created
   */
  public FileSystemModelRegistry(Path root) {
    Path absolute = root.toAbsolutePath().normalize();
    this.runs = absolute.resolve("runs");
    this.models = absolute.resolve("models");
    this.incoming = absolute.resolve("incoming");
    try {
      Files.createDirectories(runs);
      Files.createDirectories(models);
      Files.createDirectories(incoming);
      this.lock = new DirectoryLock(absolute.resolve("registry.lock"));
    } catch (IOException e) {
      throw new ModelRegistryException("cannot create registry directory " + absolute, e);
    }
  }

  /** Opens the registry that {@code config} names. */
  public static FileSystemModelRegistry create(FileSystemConfig config) {
    return new FileSystemModelRegistry(config.registryDirectory());
  }

  @Override
  public Run startRun(String experiment, Optional<String> parentRunId, Map<String, String> tags) {
    RegistryNames.requireValidName("experiment", experiment);
    tags.keySet().forEach(name -> RegistryNames.requireValidName("tag", name));
    return locked(
        "start run in " + experiment,
        () -> {
          if (parentRunId.isPresent()) {
            readRun(parentRunId.get());
          }
          String id = UUID.randomUUID().toString().replace("-", "");
          StoredRun run =
              new StoredRun(
                  id,
                  experiment,
                  parentRunId.orElse(null),
                  RunStatus.RUNNING,
                  Map.of(),
                  Map.copyOf(tags),
                  System.currentTimeMillis(),
                  0);
          Files.createDirectories(runDir(id).resolve("artifacts"));
          writeRun(run);
          return toRun(run);
        });
  }

  @Override
  public void logParams(String runId, Map<String, String> params) {
    params.keySet().forEach(name -> RegistryNames.requireValidName("param", name));
    update(
        runId,
        "log params",
        run -> {
          Map<String, String> merged = new HashMap<>(run.params());
          merged.putAll(params);
          return new StoredRun(
              run.id(),
              run.experiment(),
              run.parentRunId(),
              run.status(),
              merged,
              run.tags(),
              run.startMillis(),
              run.endMillis());
        });
  }

  @Override
  public void logMetric(String runId, String key, double value, long step) {
    RegistryNames.requireValidName("metric", key);
    locked(
        "log metric " + key,
        () -> {
          readRun(runId);
          byte[] line =
              (JSON.writeValueAsString(
                          new StoredMetric(key, value, step, System.currentTimeMillis()))
                      + "\n")
                  .getBytes(StandardCharsets.UTF_8);
          // Appending one short line under the lock: readers never see half a line.
          Files.write(
              runDir(runId).resolve("metrics.jsonl"),
              line,
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND);
          return null;
        });
  }

  @Override
  public void setTags(String runId, Map<String, String> tags) {
    tags.keySet().forEach(name -> RegistryNames.requireValidName("tag", name));
    update(
        runId,
        "set tags",
        run -> {
          Map<String, String> merged = new HashMap<>(run.tags());
          merged.putAll(tags);
          return new StoredRun(
              run.id(),
              run.experiment(),
              run.parentRunId(),
              run.status(),
              run.params(),
              merged,
              run.startMillis(),
              run.endMillis());
        });
  }

  @Override
  public void uploadArtifacts(String runId, Path source, String artifactPath) {
    RegistryNames.requireValidArtifactPath(artifactPath);
    if (!Files.exists(source)) {
      throw new IllegalArgumentException("artifact source does not exist: " + source);
    }
    locked(
        "upload artifacts of run " + runId,
        () -> {
          readRun(runId);
          Path target = runDir(runId).resolve("artifacts").resolve(artifactPath);
          if (Files.isDirectory(source)) {
            copyTree(source, target);
          } else {
            copyFile(source, target.resolve(source.getFileName().toString()));
          }
          return null;
        });
  }

  @Override
  public void finishRun(String runId, RunStatus status) {
    if (status == RunStatus.RUNNING) {
      throw new IllegalArgumentException("a run finishes as FINISHED, FAILED or KILLED");
    }
    update(
        runId,
        "finish run",
        run ->
            new StoredRun(
                run.id(),
                run.experiment(),
                run.parentRunId(),
                status,
                run.params(),
                run.tags(),
                run.startMillis(),
                System.currentTimeMillis()));
  }

  @Override
  public Run getRun(String runId) {
    return locked("get run " + runId, () -> toRun(readRun(runId)));
  }

  @Override
  public ModelVersion registerVersion(
      String model, String runId, String artifactPath, Map<String, String> tags) {
    RegistryNames.requireValidName("model", model);
    RegistryNames.requireValidArtifactPath(artifactPath);
    return locked(
        "register " + model + " from run " + runId,
        () -> {
          readRun(runId);
          Path source = runDir(runId).resolve("artifacts").resolve(artifactPath);
          if (!Files.isDirectory(source) || relativeFiles(source, source).isEmpty()) {
            throw new IllegalArgumentException(
                "run " + runId + " has no artifacts below '" + artifactPath + "' to register");
          }
          int next =
              readVersions(model).stream().mapToInt(StoredVersion::version).max().orElse(0) + 1;
          StoredVersion version =
              new StoredVersion(model, next, runId, artifactPath, Map.copyOf(tags));
          // Assemble the whole version aside, then rename it into place in one step.
          Path staging = incoming.resolve("version-" + UUID.randomUUID());
          try {
            copyTree(source, staging.resolve("files"));
            Files.write(staging.resolve("version.json"), JSON.writeValueAsBytes(version));
            Path target = versionDir(model, next);
            Files.createDirectories(target.getParent());
            AtomicFiles.move(staging, target);
          } finally {
            deleteTree(staging);
          }
          return toVersion(version);
        });
  }

  @Override
  public List<ModelVersion> versions(String model) {
    RegistryNames.requireValidName("model", model);
    return locked(
        "list versions of " + model,
        () -> readVersions(model).stream().map(FileSystemModelRegistry::toVersion).toList());
  }

  @Override
  public void setAlias(String model, String alias, int version) {
    RegistryNames.requireValidName("model", model);
    RegistryNames.requireValidAlias(alias);
    locked(
        "set alias " + alias + " of " + model,
        () -> {
          if (readVersion(model, version).isEmpty()) {
            throw new RegistryEntryNotFoundException(
                "model " + model + " has no version " + version + " for alias " + alias);
          }
          Map<String, Integer> aliases = new TreeMap<>(readAliases(model));
          aliases.put(alias, version);
          AtomicFiles.write(aliasFile(model), JSON.writeValueAsBytes(aliases));
          return null;
        });
  }

  @Override
  public Optional<ModelVersion> versionByAlias(String model, String alias) {
    RegistryNames.requireValidName("model", model);
    RegistryNames.requireValidAlias(alias);
    return locked(
        "get alias " + alias + " of " + model,
        () -> {
          Integer version = readAliases(model).get(alias);
          return version == null
              ? Optional.<ModelVersion>empty()
              : readVersion(model, version).map(FileSystemModelRegistry::toVersion);
        });
  }

  @Override
  public void downloadVersion(String model, int version, Path targetDirectory) {
    RegistryNames.requireValidName("model", model);
    locked(
        "download " + model + " version " + version,
        () -> {
          if (readVersion(model, version).isEmpty()) {
            throw new RegistryEntryNotFoundException(
                "model " + model + " has no version " + version);
          }
          copyTree(versionDir(model, version).resolve("files"), targetDirectory);
          return null;
        });
  }

  private interface Body<T> {
    T run() throws IOException;
  }

  private <T> T locked(String operation, Body<T> body) {
    try {
      return lock.call(body::run);
    } catch (IOException e) {
      throw new ModelRegistryException(operation + " failed: " + e.getMessage(), e);
    }
  }

  private void update(String runId, String operation, UnaryOperator<StoredRun> change) {
    locked(
        operation + " of run " + runId,
        () -> {
          writeRun(change.apply(readRun(runId)));
          return null;
        });
  }

  private StoredRun readRun(String runId) throws IOException {
    if (runId == null || !RUN_ID.matcher(runId).matches()) {
      throw new RegistryEntryNotFoundException("no run " + runId);
    }
    Path file = runDir(runId).resolve("run.json");
    if (!Files.isRegularFile(file)) {
      throw new RegistryEntryNotFoundException("no run " + runId);
    }
    return JSON.readValue(file.toFile(), StoredRun.class);
  }

  private void writeRun(StoredRun run) throws IOException {
    AtomicFiles.write(runDir(run.id()).resolve("run.json"), JSON.writeValueAsBytes(run));
  }

  private List<StoredMetric> readMetrics(String runId) throws IOException {
    Path file = runDir(runId).resolve("metrics.jsonl");
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    List<StoredMetric> metrics = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        metrics.add(JSON.readValue(line, StoredMetric.class));
      }
    }
    return metrics;
  }

  private Run toRun(StoredRun run) throws IOException {
    // The latest value per metric: highest step, then latest time, as MLflow reports it.
    Map<String, StoredMetric> latest = new LinkedHashMap<>();
    for (StoredMetric metric : readMetrics(run.id())) {
      latest.merge(
          metric.key(),
          metric,
          (a, b) ->
              Comparator.comparingLong(StoredMetric::step)
                          .thenComparingLong(StoredMetric::timestampMillis)
                          .compare(a, b)
                      > 0
                  ? a
                  : b);
    }
    Map<String, Double> metrics = new HashMap<>();
    latest.forEach((key, metric) -> metrics.put(key, metric.value()));
    return new Run(
        run.id(),
        run.experiment(),
        Optional.ofNullable(run.parentRunId()),
        run.status(),
        run.params(),
        metrics,
        run.tags());
  }

  private Optional<StoredVersion> readVersion(String model, int version) throws IOException {
    Path file = versionDir(model, version).resolve("version.json");
    return Files.isRegularFile(file)
        ? Optional.of(JSON.readValue(file.toFile(), StoredVersion.class))
        : Optional.empty();
  }

  private List<StoredVersion> readVersions(String model) throws IOException {
    Path dir = modelDir(model).resolve("versions");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<StoredVersion> versions = new ArrayList<>();
    try (Stream<Path> children = Files.list(dir)) {
      for (Path child : children.toList()) {
        Path file = child.resolve("version.json");
        if (Files.isRegularFile(file)) {
          versions.add(JSON.readValue(file.toFile(), StoredVersion.class));
        }
      }
    }
    versions.sort(Comparator.comparingInt(StoredVersion::version));
    return versions;
  }

  private Map<String, Integer> readAliases(String model) throws IOException {
    Path file = aliasFile(model);
    return Files.isRegularFile(file) ? JSON.readValue(file.toFile(), ALIASES) : Map.of();
  }

  private static ModelVersion toVersion(StoredVersion version) {
    return new ModelVersion(
        version.model(),
        version.version(),
        version.runId(),
        version.artifactPath(),
        version.tags());
  }

  private Path runDir(String runId) {
    return runs.resolve(runId);
  }

  private Path modelDir(String model) {
    // Model names may hold '/' and spaces; encoding keeps each model in one folder.
    return models.resolve(URLEncoder.encode(model, StandardCharsets.UTF_8));
  }

  private Path versionDir(String model, int version) {
    return modelDir(model).resolve("versions").resolve(Integer.toString(version));
  }

  private Path aliasFile(String model) {
    return modelDir(model).resolve("aliases.json");
  }

  private static List<String> relativeFiles(Path root, Path start) throws IOException {
    try (Stream<Path> files = Files.walk(start)) {
      return files
          .filter(Files::isRegularFile)
          .map(file -> root.relativize(file).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }

  private static void copyTree(Path source, Path target) throws IOException {
    for (String relative : relativeFiles(source, source)) {
      copyFile(source.resolve(relative), target.resolve(relative));
    }
  }

  private static void copyFile(Path source, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    try (InputStream in = Files.newInputStream(source)) {
      AtomicFiles.copy(in, target);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
