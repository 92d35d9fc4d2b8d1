package dev.spamflow.inference.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads request bodies and writes response bodies with one Jackson mapper. The service reads raw
 * bytes itself rather than letting the framework bind them, so that a malformed body (400), a
 * well-formed body missing its text (422) and a too-large body (413) each get their own answer.
 */
final class Json {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Json() {}

  /**
   * Parses a request body.
   *
   * @param body the raw body, may be null
   * @param example a valid body to show in the error message
   * @return the JSON document
   * @throws ApiException 400 when the body is empty or not JSON, naming line and column
   */
  static JsonNode parse(byte[] body, String example) {
    if (body == null || body.length == 0) {
      throw ApiException.malformed(
          "the request body is empty; send JSON with Content-Type: application/json, e.g. "
              + example);
    }
    try {
      return MAPPER.readTree(body);
    } catch (JsonParseException e) {
      throw ApiException.malformed(
          "the request body is not valid JSON (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ": "
              + e.getOriginalMessage()
              + "); send e.g. "
              + example);
    } catch (IOException e) {
      throw ApiException.malformed(
          "the request body is not valid JSON (" + e.getMessage() + "); send e.g. " + example);
    }
  }

  /**
   * Reads a required, non-blank string field.
   *
   * @throws ApiException 422 naming the field when it is missing, not a string or blank
   */
  static String requiredText(JsonNode node, String field, String example) {
    JsonNode value = node.isObject() ? node.get(field) : null;
    if (value == null || value.isNull()) {
      throw ApiException.invalid(
          "missing_" + field, "field '" + field + "' is required; send e.g. " + example);
    }
    if (!value.isTextual()) {
      throw ApiException.invalid(
          "invalid_" + field,
          "field '"
              + field
              + "' must be a string, not "
              + value.getNodeType().name().toLowerCase(Locale.ROOT)
              + "; send e.g. "
              + example);
    }
    if (value.asText().isBlank()) {
      throw ApiException.invalid(
          "blank_" + field, "field '" + field + "' must not be blank; send e.g. " + example);
    }
    return value.asText();
  }

  /**
   * Reads an array of non-blank strings.
   *
   * @param node the array
   * @param what how the error message names it, e.g. {@code field 'texts'}
   * @throws ApiException 422 naming the first element that is not a non-blank string
   */
  static List<String> texts(JsonNode node, String what, String example) {
    List<String> texts = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      if (item == null || !item.isTextual() || item.asText().isBlank()) {
        throw ApiException.invalid(
            "blank_text",
            what + " element " + i + " must be a non-blank string; send e.g. " + example);
      }
      texts.add(item.asText());
    }
    return texts;
  }

  /** Serialises a response body. */
  static byte[] write(Object body) {
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("maps, lists, strings and numbers always serialise", e);
    }
  }

  /** Returns a JSON response. */
  static MutableHttpResponse<byte[]> response(HttpStatus status, Object body) {
    return HttpResponse.<byte[]>status(status)
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(write(body));
  }

  /** Returns the JSON error body every error answer carries. */
  static Map<String, Object> error(HttpStatus status, String kind, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    body.put("kind", kind);
    body.put("status", status.getCode());
    return body;
  }
}
