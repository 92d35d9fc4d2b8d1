package dev.spamflow.inference.feedback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamflow.core.data.Label;
import dev.spamflow.core.port.ObjectStore;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Stores user feedback through the object store, one small JSON object per report under {@code
 * feedback/date=YYYY-MM-DD/}, the same date partitioning as the prediction log, so retraining can
 * pick up a day's labels with one listing.
 */
public final class FeedbackStore {

  /** Where feedback objects live. */
  public static final String PREFIX = "feedback/";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectStore store;
  private final Clock clock;

  /**
   * Creates the store.
   *
   * @param store the object store
   * @param clock stamps each report and chooses its date folder
   */
  public FeedbackStore(ObjectStore store, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Stores one report.
   *
   * @param text the message
   * @param label the label the user says is right
   * @param modelName the model serving when the report came, or {@code null}
   * @param modelVersion its version, or {@code null}
   * @return the object key written
   * @throws dev.spamflow.core.port.ObjectStoreException if the store fails
   */
  public String store(String text, Label label, String modelName, String modelVersion) {
    Instant now = clock.instant();
    String key =
        PREFIX
            + "date="
            + now.atOffset(ZoneOffset.UTC).toLocalDate()
            + "/"
            + now.toEpochMilli()
            + "-"
            + UUID.randomUUID()
            + ".json";
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("text", text);
    report.put("label", label.wireName());
    report.put("receivedAt", now.toString());
    if (modelName != null) {
      report.put("modelName", modelName);
      report.put("modelVersion", modelVersion);
    }
    byte[] json;
    try {
      json = JSON.writeValueAsBytes(report);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("a map of strings always serialises", e);
    }
    store.put(key, json, "application/json");
    return key;
  }
}
