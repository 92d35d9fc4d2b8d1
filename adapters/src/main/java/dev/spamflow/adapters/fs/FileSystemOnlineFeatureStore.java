package dev.spamflow.adapters.fs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spamflow.core.port.FeatureRow;
import dev.spamflow.core.port.OnlineFeatureStore;
import dev.spamflow.core.port.OnlineFeatureStoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * An {@link OnlineFeatureStore} in a directory, for local runs: one JSON file per feature view
 * ({@code <view>.json}, entity id → event time and typed values), rewritten whole and renamed into
 * place under a directory lock, so readers never see half a write and two processes sharing the
 * directory stay consistent. A view's file is parsed once and kept until it changes on disk.
 */
public final class FileSystemOnlineFeatureStore implements OnlineFeatureStore {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern VIEW_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,199}");

  private final Path root;
  private final DirectoryLock lock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(FileTime modified, long size, ObjectNode rows) {}

  /**
   * Opens (creating if needed) a store rooted at {@code root}.
   *
   * @param root the directory
   * @throws OnlineFeatureStoreException if it cannot be created
   */
  public FileSystemOnlineFeatureStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
    try {
      Files.createDirectories(this.root);
      this.lock = new DirectoryLock(this.root.resolve("features.lock"));
    } catch (IOException e) {
      throw new OnlineFeatureStoreException("cannot create feature store directory " + root, e);
    }
  }

  /** Opens the store that {@code config} names. */
  public static FileSystemOnlineFeatureStore create(FileSystemConfig config) {
    return new FileSystemOnlineFeatureStore(config.featuresDirectory());
  }

  @Override
  public int write(String featureView, List<FeatureRow> rows) {
    Path file = file(featureView);
    Set<String> seen = new HashSet<>();
    for (FeatureRow row : rows) {
      if (!seen.add(row.entityId())) {
        throw new IllegalArgumentException(
            "two rows for entity " + row.entityId() + " in one write to view " + featureView);
      }
    }
    try {
      return lock.call(
          () -> {
            ObjectNode stored = load(featureView, file).deepCopy();
            int written = 0;
            for (FeatureRow row : rows) {
              JsonNode old = stored.get(row.entityId());
              // As Feast's Redis store: a row not newer than the stored one is skipped.
              if (old != null
                  && !row.eventTime().isAfter(Instant.parse(old.get("eventTime").asText()))) {
                continue;
              }
              stored.set(row.entityId(), encode(row));
              written++;
            }
            if (written > 0) {
              AtomicFiles.write(file, JSON.writeValueAsBytes(stored));
            }
            return written;
          });
    } catch (IOException e) {
      throw new OnlineFeatureStoreException(
          "writing feature view " + featureView + " to " + file + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<FeatureRow> read(String featureView, String entityId, List<String> features) {
    Path file = file(featureView);
    ObjectNode rows;
    try {
      rows = lock.call(() -> load(featureView, file));
    } catch (IOException e) {
      throw new OnlineFeatureStoreException(
          "reading feature view " + featureView + " from " + file + " failed: " + e.getMessage(),
          e);
    }
    JsonNode row = rows.get(entityId);
    if (row == null) {
      return Optional.empty();
    }
    Map<String, Object> values = new LinkedHashMap<>();
    JsonNode stored = row.get("values");
    for (String feature : features) {
      JsonNode value = stored.get(feature);
      if (value != null) {
        values.put(feature, decode(value, file, entityId, feature));
      }
    }
    return Optional.of(
        new FeatureRow(entityId, Instant.parse(row.get("eventTime").asText()), values));
  }

  private Path file(String featureView) {
    Objects.requireNonNull(featureView, "featureView");
    if (!VIEW_NAME.matcher(featureView).matches()) {
      throw new IllegalArgumentException(
          "a feature view name is letters, digits, '_', '.' or '-' (not first), was '"
              + featureView
              + "'");
    }
    return root.resolve(featureView + ".json");
  }

  /** The view's rows as on disk, parsed again only when the file changed. Under the lock. */
  private ObjectNode load(String featureView, Path file) throws IOException {
    if (!Files.exists(file)) {
      cache.remove(featureView);
      return JSON.createObjectNode();
    }
    FileTime modified = Files.getLastModifiedTime(file);
    long size = Files.size(file);
    Cached cached = cache.get(featureView);
    if (cached != null && cached.modified.equals(modified) && cached.size == size) {
      return cached.rows;
    }
    JsonNode parsed = JSON.readTree(file.toFile());
    if (!(parsed instanceof ObjectNode rows)) {
      throw new IOException(file + " is not a JSON object of entity rows");
    }
    cache.put(featureView, new Cached(modified, size, rows));
    return rows;
  }

  private static ObjectNode encode(FeatureRow row) {
    ObjectNode node = JSON.createObjectNode();
    node.put("eventTime", row.eventTime().toString());
    ObjectNode values = node.putObject("values");
    for (Map.Entry<String, Object> value : row.values().entrySet()) {
      ObjectNode typed = values.putObject(value.getKey());
      switch (value.getValue()) {
        case Integer i -> typed.put("int", i);
        case Long l -> typed.put("long", l);
        case Double d -> typed.put("double", d);
        case Boolean b -> typed.put("bool", b);
        case String s -> typed.put("string", s);
        default -> throw new IllegalStateException("checked by FeatureRow");
      }
    }
    return node;
  }

  private static Object decode(JsonNode value, Path file, String entityId, String feature)
      throws IllegalStateException {
    if (value.has("int")) {
      return value.get("int").intValue();
    } else if (value.has("long")) {
      return value.get("long").longValue();
    } else if (value.has("double")) {
      return value.get("double").doubleValue();
    } else if (value.has("bool")) {
      return value.get("bool").booleanValue();
    } else if (value.has("string")) {
      return value.get("string").textValue();
    }
    throw new IllegalStateException(
        file + ": entity " + entityId + ", feature " + feature + ": unknown value " + value);
  }
}
