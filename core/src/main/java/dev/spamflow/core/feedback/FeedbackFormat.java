package dev.spamflow.core.feedback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamflow.core.data.Label;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where feedback lives and what one report looks like.
 *
 * <p>One small JSON object per report, under {@code feedback/date=YYYY-MM-DD/} (the UTC day it was
 * received, the prediction log's partitioning), named {@code <epoch millis>-<uuid>.json} so keys of
 * a day sort by arrival and two replicas never write the same key:
 *
 * <pre>{@code
 * {"text":"see you at 6","label":"ham","receivedAt":"2026-12-02T10:15:00.123Z",
 *  "modelName":"spam-detector","modelVersion":"3"}
 * }</pre>
 *
 * An object is one JSON Lines record, so the train stage reads it with ingest's own reader and
 * rejects what ingest would reject.
 */
public final class FeedbackFormat {

  /** The folder every report is under. */
  public static final String PREFIX = "feedback/";

  /** The stored content type. */
  public static final String CONTENT_TYPE = "application/json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Pattern KEY =
      Pattern.compile("feedback/date=(\\d{4}-\\d{2}-\\d{2})/(\\d{1,19})-[0-9a-f-]{36}\\.json");

  private FeedbackFormat() {}

  /**
   * Returns the folder of one day's reports.
   *
   * @param day the UTC day
   * @return {@code feedback/date=YYYY-MM-DD/}
   */
  public static String dayPrefix(LocalDate day) {
    return PREFIX + "date=" + day + "/";
  }

  /**
   * Returns a fresh key for a report received at {@code receivedAt}.
   *
   * @param receivedAt when it arrived
   * @return {@code feedback/date=<its UTC day>/<epoch millis>-<random uuid>.json}
   */
  public static String newKey(Instant receivedAt) {
    return dayPrefix(receivedAt.atOffset(ZoneOffset.UTC).toLocalDate())
        + receivedAt.toEpochMilli()
        + "-"
        + UUID.randomUUID()
        + ".json";
  }

  /**
   * Reads the arrival time out of a report's key.
   *
   * @param key an object key
   * @return the time the report was received, or empty when the key is not a report's
   */
  public static Optional<Instant> receivedAt(String key) {
    Matcher matcher = KEY.matcher(key);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.ofEpochMilli(Long.parseLong(matcher.group(2))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Encodes one report.
   *
   * @param text the message as the user sent it
   * @param label the label the user says is right
   * @param receivedAt when it arrived
   * @param modelName the model serving then, if any
   * @param modelVersion its version, if any
   * @return the object's bytes
   */
  public static byte[] encode(
      String text,
      Label label,
      Instant receivedAt,
      Optional<String> modelName,
      Optional<String> modelVersion) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(label, "label");
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("text", text);
    report.put("label", label.wireName());
    report.put("receivedAt", receivedAt.toString());
    modelName.ifPresent(name -> report.put("modelName", name));
    modelVersion.ifPresent(version -> report.put("modelVersion", version));
    try {
      return JSON.writeValueAsBytes(report);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("a map of strings always serialises", e);
    }
  }
}
