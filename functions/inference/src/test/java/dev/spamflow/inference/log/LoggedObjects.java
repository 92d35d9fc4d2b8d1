package dev.spamflow.inference.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamflow.core.port.ObjectInfo;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.core.predictions.PredictionLogFormat;
import dev.spamflow.core.predictions.PredictionRecord;
import dev.spamflow.core.text.TextFeatures;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Reads the prediction log back, as the drift stage would. */
public final class LoggedObjects {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LoggedObjects() {}

  /** The objects under {@code predictions/}, in key order. */
  static List<ObjectInfo> objects(ObjectStore store) {
    return store.list(PredictionLogFormat.PREFIX);
  }

  /** Every line of every object under {@code predictions/}, in key order. */
  public static List<JsonNode> lines(ObjectStore store) {
    List<JsonNode> lines = new ArrayList<>();
    for (ObjectInfo object : objects(store)) {
      lines.addAll(lines(store, object.key()));
    }
    return lines;
  }

  /** The lines of one object. */
  static List<JsonNode> lines(ObjectStore store, String key) {
    List<JsonNode> lines = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(new ByteArrayInputStream(store.getBytes(key))),
                StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.add(JSON.readTree(line));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }

  /** A record with the given text and time, from model {@code spam-detector} version 3. */
  static PredictionRecord record(String text, Instant time) {
    return record(text, 0.25, "ham", "3", time);
  }

  /** A record of model {@code spam-detector}, with the features the service would attach. */
  static PredictionRecord record(
      String text, double spamProbability, String label, String version, Instant time) {
    TextFeatures.Analysis analysis = TextFeatures.analyse(text);
    return new PredictionRecord(
        text,
        spamProbability,
        label,
        "spam-detector",
        version,
        time,
        analysis.tokens().size(),
        analysis.features());
  }
}
