package dev.spamflow.devtools.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.jackson.JsonFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where the in-process broker puts events it could not deliver: one JSON line per event, holding
 * the event in CloudEvents structured JSON with the Trigger, the number of tries and the last
 * error.
 */
public final class DeadLetterLog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final EventFormat FORMAT = new JsonFormat();

  private final Path file;

  /** One undeliverable event. */
  public record Entry(
      Instant time,
      String trigger,
      String subscriber,
      int attempts,
      String error,
      CloudEvent event) {}

  /** A log appending to {@code file} (created with its folder on first use). */
  public DeadLetterLog(Path file) {
    this.file = file;
  }

  /** The log file. */
  public Path file() {
    return file;
  }

  /**
   * Appends an entry.
   *
   * @param entry the undeliverable event and why
   */
  public synchronized void append(Entry entry) {
    try {
      ObjectNode line = JSON.createObjectNode();
      line.put("time", entry.time().toString());
      line.put("trigger", entry.trigger());
      line.put("subscriber", entry.subscriber());
      line.put("attempts", entry.attempts());
      line.put("error", entry.error());
      line.set("event", JSON.readTree(FORMAT.serialize(entry.event())));
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Files.write(
          file,
          (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write dead-letter log " + file, e);
    }
  }

  /**
   * Removes entries from the log (those replayed successfully), keeping every other line as it was,
   * entries appended since included. The file is replaced atomically.
   *
   * @param positions the entries to remove: their 0-based positions in what {@link #read} returns
   */
  public synchronized void remove(Set<Integer> positions) {
    if (positions.isEmpty() || !Files.exists(file)) {
      return;
    }
    try {
      List<String> kept = new ArrayList<>();
      int position = 0;
      for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (text.isBlank()) {
          continue;
        }
        if (!positions.contains(position)) {
          kept.add(text);
        }
        position++;
      }
      Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".dead-letters-", ".tmp");
      Files.write(temp, kept, StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rewrite dead-letter log " + file, e);
    }
  }

  /** Reads every entry so far, oldest first; none if the file does not exist. */
  public synchronized List<Entry> read() {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      List<Entry> entries = new ArrayList<>();
      for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (text.isBlank()) {
          continue;
        }
        JsonNode line = JSON.readTree(text);
        entries.add(
            new Entry(
                Instant.parse(line.path("time").asText()),
                line.path("trigger").asText(),
                line.path("subscriber").asText(),
                line.path("attempts").asInt(),
                line.path("error").asText(),
                FORMAT.deserialize(JSON.writeValueAsBytes(line.path("event")))));
      }
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dead-letter log " + file, e);
    }
  }
}
