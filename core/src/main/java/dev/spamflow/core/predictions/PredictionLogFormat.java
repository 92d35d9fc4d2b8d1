package dev.spamflow.core.predictions;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamflow.core.text.Features;
import dev.spamflow.core.text.TextFeatures;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The layout of the prediction log in the object store, which the drift stage reads.
 *
 * <p>Objects live under {@code predictions/date=YYYY-MM-DD/} (the UTC date of the records they
 * hold) and are named {@code <yyyyMMdd'T'HHmmssSSS'Z'>-<writer>-<sequence>.jsonl.gz}: the time the
 * batch was cut, the writing process's random id and a zero-padded counter, so keys sort by time
 * and two replicas never write the same key. Each object is gzipped JSON Lines, one prediction per
 * line, with the same names and types as the curated Parquet columns so that drift can compare the
 * two directly:
 *
 * <pre>{@code
 * {"time":"2026-11-22T06:19:46.123Z","text":"…","label":"spam","spam_probability":0.97,
 *  "model_name":"spam-detector","model_version":"3","token_count":12,"text_length":64,
 *  "word_count":11,"has_url":true,"has_email":false,"digit_share":0.1,"upper_case_share":0.2,
 *  "has_currency":true}
 * }</pre>
 *
 * Features are those of {@link TextFeatures#analyse(String)}; {@code token_count} is the number of
 * its tokens. Object metadata {@value #RECORDS_METADATA} gives the line count and {@value
 * #FORMAT_METADATA} this layout's version.
 */
public final class PredictionLogFormat {
  /** The folder every prediction object is under. */
  public static final String PREFIX = "predictions/";

  /** The ending of every prediction object's key. */
  public static final String EXTENSION = ".jsonl.gz";

  /** The stored content type: the object is a gzip file (of JSON Lines). */
  public static final String CONTENT_TYPE = "application/gzip";

  /** The version of this layout; bump it when a field changes meaning. */
  public static final int FORMAT_VERSION = 1;

  /** Metadata name of the number of records in an object. */
  public static final String RECORDS_METADATA = "records";

  /** Metadata name of {@link #FORMAT_VERSION}. */
  public static final String FORMAT_METADATA = "format-version";

  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper(JSON);
  private static final DateTimeFormatter KEY_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

  private PredictionLogFormat() {}

  /**
   * The folder for predictions made on {@code date}.
   *
   * @return {@code predictions/date=YYYY-MM-DD/}
   */
  public static String folder(LocalDate date) {
    return PREFIX + "date=" + date + "/";
  }

  /**
   * The UTC date that files a prediction made at {@code time}.
   *
   * @return the date of {@code time} in UTC
   */
  public static LocalDate dateOf(Instant time) {
    return LocalDate.ofInstant(time, ZoneOffset.UTC);
  }

  /**
   * The key of one object.
   *
   * @param date the UTC date of the records in it
   * @param batchTime when the batch was cut
   * @param writer the writing process's id: lower-case letters and digits
   * @param sequence the writer's batch counter, not negative
   * @return a key under {@link #folder(LocalDate)} ending in {@link #EXTENSION}
   */
  public static String key(LocalDate date, Instant batchTime, String writer, long sequence) {
    return folder(date)
        + KEY_TIME.format(batchTime)
        + "-"
        + writer
        + "-"
        + String.format("%09d", sequence)
        + EXTENSION;
  }

  /**
   * The metadata stored with an object of {@code records} lines.
   *
   * @return the {@value #RECORDS_METADATA} and {@value #FORMAT_METADATA} entries
   */
  public static Map<String, String> metadata(int records) {
    return Map.of(
        RECORDS_METADATA,
        Integer.toString(records),
        FORMAT_METADATA,
        Integer.toString(FORMAT_VERSION));
  }

  /**
   * Encodes records as gzipped JSON Lines, with the features each record carries.
   *
   * @param records the records, in the order they are to be written
   * @return the gzip file's bytes
   */
  public static byte[] encode(List<PredictionRecord> records) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + records.size() * 128);
    try (GZIPOutputStream gzip = new FastGzipOutputStream(bytes);
        JsonGenerator json = JSON.createGenerator(gzip, JsonEncoding.UTF8)) {
      json.setRootValueSeparator(null);
      for (PredictionRecord record : records) {
        writeLine(json, record);
      }
    } catch (IOException e) {
      // Only memory is written to: an IOException here is a bug, not a condition to handle.
      throw new UncheckedIOException("encoding predictions failed", e);
    }
    return bytes.toByteArray();
  }

  /**
   * What {@link #decode} read from one object.
   *
   * @param records the records, in the order they were written
   * @param unreadable lines that were not a prediction (cut short, or not of this layout); each is
   *     skipped and counted, never guessed at
   */
  public record Decoded(List<PredictionRecord> records, int unreadable) {
    /** Copies the list. */
    public Decoded {
      records = List.copyOf(records);
    }
  }

  /**
   * Decodes one object written by {@link #encode}. The text and time of a line are required; its
   * features are recomputed from the text when a line lacks them.
   *
   * @param gzip the object's bytes
   * @return the records and the count of lines that could not be read
   * @throws IOException when the bytes are not gzip at all
   */
  public static Decoded decode(byte[] gzip) throws IOException {
    List<PredictionRecord> records = new ArrayList<>();
    int unreadable = 0;
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(new ByteArrayInputStream(gzip)), StandardCharsets.UTF_8))) {
      String line;
      while (true) {
        try {
          line = reader.readLine();
        } catch (java.io.EOFException e) {
          // A truncated object: what was read stands, the cut line counts as unreadable.
          unreadable++;
          break;
        }
        if (line == null) {
          break;
        }
        if (line.isBlank()) {
          continue;
        }
        PredictionRecord record = parse(line);
        if (record == null) {
          unreadable++;
        } else {
          records.add(record);
        }
      }
    }
    return new Decoded(records, unreadable);
  }

  private static PredictionRecord parse(String line) {
    try {
      JsonNode node = MAPPER.readTree(line);
      if (node == null
          || !node.isObject()
          || !node.path("text").isTextual()
          || !node.path("time").isTextual()) {
        return null;
      }
      String text = node.get("text").asText();
      TextFeatures.Analysis analysis = TextFeatures.analyse(text);
      return new PredictionRecord(
          text,
          node.path("spam_probability").asDouble(0),
          node.path("label").asText("ham"),
          node.path("model_name").asText("unknown"),
          node.path("model_version").asText("unknown"),
          Instant.parse(node.get("time").asText()),
          node.path("token_count").asInt(analysis.tokens().size()),
          analysis.features());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Gzip at the fastest level: the writer shares the service's cores with requests, and repetitive
   * JSON Lines compress well even so.
   */
  private static final class FastGzipOutputStream extends GZIPOutputStream {
    FastGzipOutputStream(ByteArrayOutputStream out) throws IOException {
      super(out, 8192);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }

  private static void writeLine(JsonGenerator json, PredictionRecord record) throws IOException {
    Features features = record.features();
    json.writeStartObject();
    json.writeStringField("time", record.time().toString());
    json.writeStringField("text", record.text());
    json.writeStringField("label", record.label());
    json.writeNumberField("spam_probability", record.spamProbability());
    json.writeStringField("model_name", record.modelName());
    json.writeStringField("model_version", record.modelVersion());
    json.writeNumberField("token_count", record.tokenCount());
    json.writeNumberField("text_length", features.textLength());
    json.writeNumberField("word_count", features.wordCount());
    json.writeBooleanField("has_url", features.hasUrl());
    json.writeBooleanField("has_email", features.hasEmail());
    json.writeNumberField("digit_share", features.digitShare());
    json.writeNumberField("upper_case_share", features.upperCaseShare());
    json.writeBooleanField("has_currency", features.hasCurrency());
    json.writeEndObject();
    json.writeRaw('\n');
  }
}
