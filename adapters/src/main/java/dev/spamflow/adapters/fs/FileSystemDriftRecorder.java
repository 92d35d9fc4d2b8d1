package dev.spamflow.adapters.fs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spamflow.core.port.DriftMetric;
import dev.spamflow.core.port.DriftRecorder;
import dev.spamflow.core.port.DriftRecorderException;
import dev.spamflow.core.port.DriftRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The embedded drift record: one JSON file per run, {@code <directory>/<run id>.json}, replaced
 * atomically. What {@code spamflow up} uses when no PostgreSQL is configured; the same rows as the
 * {@code drift_runs} and {@code drift_metrics} tables.
 */
public final class FileSystemDriftRecorder implements DriftRecorder {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,127}");

  private final Path directory;

  /**
   * Creates the recorder.
   *
   * @param directory where the run files go; created when the first run is recorded
   */
  public FileSystemDriftRecorder(Path directory) {
    this.directory = Objects.requireNonNull(directory, "directory");
  }

  @Override
  public void record(DriftRun run, List<DriftMetric> metrics) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", run.id());
    root.put("windowStart", run.windowStart().toString());
    root.put("windowEnd", run.windowEnd().toString());
    root.put("model", run.model());
    root.put("modelVersion", run.modelVersion());
    root.put("messages", run.messages());
    root.put("status", run.status());
    root.put("drifted", run.drifted());
    root.put("reportKey", run.reportKey());
    root.put("checkedAt", run.checkedAt().toString());
    ArrayNode rows = root.putArray("metrics");
    for (DriftMetric metric : metrics) {
      ObjectNode row = rows.addObject();
      row.put("subject", metric.subject());
      row.put("metric", metric.metric());
      row.put("value", metric.value());
      // JSON has no NaN: a metric without a threshold has none.
      if (!Double.isNaN(metric.threshold())) {
        row.put("threshold", metric.threshold());
      }
      row.put("drifted", metric.drifted());
    }
    Path file = file(run.id());
    try {
      Files.createDirectories(directory);
      AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    } catch (IOException e) {
      throw new DriftRecorderException(file + ": cannot record the drift run: " + e, e);
    }
  }

  @Override
  public Optional<DriftRun> run(String id) {
    return read(id)
        .map(
            root ->
                new DriftRun(
                    root.get("id").asText(),
                    Instant.parse(root.get("windowStart").asText()),
                    Instant.parse(root.get("windowEnd").asText()),
                    root.get("model").asText(),
                    root.get("modelVersion").asText(),
                    root.get("messages").asLong(),
                    root.get("status").asText(),
                    root.get("drifted").asBoolean(),
                    root.get("reportKey").asText(),
                    Instant.parse(root.get("checkedAt").asText())));
  }

  @Override
  public List<DriftMetric> metrics(String runId) {
    List<DriftMetric> metrics = new ArrayList<>();
    read(runId)
        .ifPresent(
            root -> {
              for (JsonNode row : root.get("metrics")) {
                metrics.add(
                    new DriftMetric(
                        row.get("subject").asText(),
                        row.get("metric").asText(),
                        row.get("value").asDouble(),
                        row.has("threshold") ? row.get("threshold").asDouble() : Double.NaN,
                        row.get("drifted").asBoolean()));
              }
            });
    return metrics;
  }

  private Optional<JsonNode> read(String id) {
    Path file = file(id);
    try {
      return Optional.of(JSON.readTree(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (JsonProcessingException e) {
      throw new DriftRecorderException(file + ": not a drift run record: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new DriftRecorderException(file + ": cannot read the drift run: " + e, e);
    }
  }

  private Path file(String id) {
    if (!RUN_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("drift run id must match " + RUN_ID.pattern() + ": " + id);
    }
    return directory.resolve(id + ".json");
  }
}
