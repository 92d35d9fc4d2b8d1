package dev.spamflow.core.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Parses one JSON object per line. {@code text} must be a string; {@code label} may be a string, a
 * number (1/0) or a boolean. Other members are ignored. With {@link LabelPolicy#OPTIONAL} {@code
 * label} may be missing or {@code null}.
 */
final class JsonLinesRowParser implements RowParser {

  // Trailing garbage and duplicate keys are rejected rather than silently resolved.
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private final String file;
  private final LabelPolicy labels;

  JsonLinesRowParser(String file, LabelPolicy labels) {
    this.file = file;
    this.labels = labels;
  }

  @Override
  public ReadResult parse(String text, long row) {
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      String detail = e.getOriginalMessage();
      int newline = detail.indexOf('\n');
      return Rows.reject(
          file,
          row,
          Reject.WHOLE_ROW,
          "malformed JSON: " + Rows.shorten(newline < 0 ? detail : detail.substring(0, newline)));
    }
    if (!node.isObject()) {
      return Rows.reject(
          file, row, Reject.WHOLE_ROW, "expected a JSON object but was " + kind(node));
    }
    JsonNode textNode = node.get("text");
    if (textNode == null || textNode.isNull()) {
      return Rows.reject(file, row, "text", "missing");
    }
    if (!textNode.isTextual()) {
      return Rows.reject(file, row, "text", "expected a string but was " + kind(textNode));
    }
    JsonNode labelNode = node.get("label");
    if (labelNode == null || labelNode.isNull()) {
      return labels == LabelPolicy.OPTIONAL
          ? Rows.message(file, row, textNode.textValue(), null, labels)
          : Rows.reject(file, row, "label", "missing");
    }
    if (!labelNode.isValueNode()) {
      return Rows.reject(
          file, row, "label", "expected a string, number or boolean but was " + kind(labelNode));
    }
    return Rows.message(file, row, textNode.textValue(), labelNode.asText());
  }

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT, POJO -> "an object";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case STRING -> "a string";
      case BINARY -> "binary";
      case NULL, MISSING -> "null";
    };
  }
}
