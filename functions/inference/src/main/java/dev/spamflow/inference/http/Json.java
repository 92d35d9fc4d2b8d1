package dev.spamflow.inference.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
    requireBody(body, example);
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      throw notJson(e, example);
    }
  }

  /**
   * Reads the one required, non-blank string field of an object body, streaming rather than
   * building a tree: the same answers as {@code requiredText(parse(body, example), field, example)}
   * — 400 for a body that is empty or not JSON (trailing content included), 422 for a field that is
   * missing, null, of another type or blank; of repeated fields the last counts — for the predict
   * call, where the tree is most of the cost of reading the request.
   */
  static String requiredTextField(byte[] body, String field, String example) {
    requireBody(body, example);
    JsonToken value = null;
    String text = null;
    try (JsonParser parser = MAPPER.getFactory().createParser(body)) {
      if (parser.nextToken() == JsonToken.START_OBJECT) {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          boolean wanted = field.equals(parser.currentName());
          JsonToken token = parser.nextToken();
          if (wanted) {
            value = token;
            text = token == JsonToken.VALUE_STRING ? parser.getText() : null;
          }
          parser.skipChildren();
        }
      } else {
        parser.skipChildren();
      }
      if (parser.nextToken() != null) {
        throw ApiException.malformed(
            "the request body is not valid JSON (more content after the document, line "
                + parser.currentLocation().getLineNr()
                + ", column "
                + parser.currentLocation().getColumnNr()
                + "); send e.g. "
                + example);
      }
    } catch (IOException e) {
      throw notJson(e, example);
    }
    String type = value == null || value == JsonToken.VALUE_NULL ? null : typeName(value);
    return checkedText(field, type, text, example);
  }

  /** The name {@link JsonNode#getNodeType()} gives a value starting with this token. */
  private static String typeName(JsonToken token) {
    return switch (token) {
      case START_OBJECT -> "object";
      case START_ARRAY -> "array";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
      case VALUE_TRUE, VALUE_FALSE -> "boolean";
      default -> token.name().toLowerCase(Locale.ROOT);
    };
  }

  /** 400 for an empty body. */
  private static void requireBody(byte[] body, String example) {
    if (body == null || body.length == 0) {
      throw ApiException.malformed(
          "the request body is empty; send JSON with Content-Type: application/json, e.g. "
              + example);
    }
  }

  /** 400 for a body Jackson could not read, naming line and column when it knows them. */
  private static ApiException notJson(IOException e, String example) {
    if (e instanceof JsonParseException parse) {
      return ApiException.malformed(
          "the request body is not valid JSON (line "
              + parse.getLocation().getLineNr()
              + ", column "
              + parse.getLocation().getColumnNr()
              + ": "
              + parse.getOriginalMessage()
              + "); send e.g. "
              + example);
    }
    return ApiException.malformed(
        "the request body is not valid JSON (" + e.getMessage() + "); send e.g. " + example);
  }

  /**
   * The 422 checks both readers share.
   *
   * @param type the value's JSON type, or null when the field is missing or null
   * @param text the value when it is a string, else null
   */
  private static String checkedText(String field, String type, String text, String example) {
    if (type == null) {
      throw ApiException.invalid(
          "missing_" + field, "field '" + field + "' is required; send e.g. " + example);
    }
    if (text == null) {
      throw ApiException.invalid(
          "invalid_" + field,
          "field '" + field + "' must be a string, not " + type + "; send e.g. " + example);
    }
    if (text.isBlank()) {
      throw ApiException.invalid(
          "blank_" + field, "field '" + field + "' must not be blank; send e.g. " + example);
    }
    return text;
  }

  /**
   * Reads a required, non-blank string field.
   *
   * @throws ApiException 422 naming the field when it is missing, not a string or blank
   */
  static String requiredText(JsonNode node, String field, String example) {
    JsonNode value = node.isObject() ? node.get(field) : null;
    String type =
        value == null || value.isNull()
            ? null
            : value.getNodeType().name().toLowerCase(Locale.ROOT);
    return checkedText(
        field, type, value != null && value.isTextual() ? value.asText() : null, example);
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
    return bytes(status, write(body));
  }

  /** Returns a JSON response of a body already serialised. */
  static MutableHttpResponse<byte[]> bytes(HttpStatus status, byte[] json) {
    return HttpResponse.<byte[]>status(status)
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(json);
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
