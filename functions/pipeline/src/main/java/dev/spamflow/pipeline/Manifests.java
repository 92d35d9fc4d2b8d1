package dev.spamflow.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.spamflow.core.port.ObjectStore;
import java.io.IOException;

/** Reads and writes the JSON files of a dataset folder. */
public final class Manifests {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          // A newer writer may add fields; an older reader still reads what it knows.
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static final ObjectMapper COMPACT = new ObjectMapper();

  private Manifests() {}

  /**
   * Serialises a record as indented JSON.
   *
   * @param value the record
   * @return UTF-8 JSON
   * @throws IllegalStateException if Jackson cannot serialise it (a programming error)
   */
  public static byte[] toJson(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  /**
   * Reads a JSON object stored under a key.
   *
   * @param store the store
   * @param key the object key
   * @param type the record type
   * @param <T> the record type
   * @return the value
   * @throws dev.spamflow.core.port.ObjectNotFoundException if there is no such object
   * @throws IllegalStateException naming the key when the object is not valid JSON for the type
   */
  public static <T> T read(ObjectStore store, String key, Class<T> type) {
    return fromJson(store.getBytes(key), key, type);
  }

  /**
   * Parses JSON bytes.
   *
   * @param json the bytes
   * @param key the object key they came from, for the error message
   * @param type the record type
   * @param <T> the record type
   * @return the value
   * @throws IllegalStateException naming the key when the bytes are not valid JSON for the type
   */
  public static <T> T fromJson(byte[] json, String key, Class<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (IOException e) {
      throw new IllegalStateException(
          "object '" + key + "' is not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Returns a mapper for streaming writes such as JSON lines.
   *
   * @return a mapper without indentation
   */
  public static ObjectMapper compactMapper() {
    return COMPACT;
  }
}
