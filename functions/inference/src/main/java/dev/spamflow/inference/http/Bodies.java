package dev.spamflow.inference.http;

import dev.spamflow.core.serving.Prediction;
import dev.spamflow.inference.predict.Answer;
import dev.spamflow.inference.predict.TokenEffect;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the spamflow API's answers, in one place. */
final class Bodies {

  private Bodies() {}

  /**
   * One prediction without an explanation, as JSON bytes: the same document as {@link
   * #answer(Answer, boolean)} makes, written by hand because it is the answer of every plain {@code
   * POST /api/predict}, where a map and Jackson's serialiser (or a generator per call) cost more
   * than the rest of the answer. Numbers are written as Jackson writes them ({@link
   * Double#toString}); {@code BodiesTest} holds the two writers to the same document.
   */
  static byte[] answerJson(Answer answer) {
    Prediction prediction = answer.prediction();
    StringBuilder json =
        new StringBuilder(192)
            .append("{\"prediction\":\"")
            .append(prediction.label().wireName())
            .append("\",\"confidence\":")
            .append(prediction.confidence())
            .append(",\"spamProbability\":")
            .append(prediction.spamProbability())
            .append(",\"model\":{\"name\":");
    appendString(json, answer.modelName());
    json.append(",\"version\":");
    appendString(json, answer.modelVersion());
    return json.append("}}").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Appends a JSON string: quotes, backslashes and control characters escaped, as Jackson does. */
  private static void appendString(StringBuilder json, String value) {
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        json.append('\\').append(c);
      } else if (c < 0x20) {
        switch (c) {
          case '\b' -> json.append("\\b");
          case '\t' -> json.append("\\t");
          case '\n' -> json.append("\\n");
          case '\f' -> json.append("\\f");
          case '\r' -> json.append("\\r");
          default -> json.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
        }
      } else {
        json.append(c);
      }
    }
    json.append('"');
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** One prediction: label, confidence, spam probability, model, and the explanation if any. */
  static Map<String, Object> answer(Answer answer, boolean explain) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("prediction", answer.prediction().label().wireName());
    body.put("confidence", answer.prediction().confidence());
    body.put("spamProbability", answer.prediction().spamProbability());
    body.put("model", Map.of("name", answer.modelName(), "version", answer.modelVersion()));
    if (explain) {
      List<Map<String, Object>> tokens = new ArrayList<>(answer.explanation().size());
      for (TokenEffect effect : answer.explanation()) {
        Map<String, Object> token = new LinkedHashMap<>();
        token.put("token", effect.token());
        token.put("position", effect.position());
        token.put("effect", effect.effect());
        tokens.add(token);
      }
      body.put("explanation", tokens);
    }
    return body;
  }
}
