package dev.spamflow.inference.http;

import dev.spamflow.inference.predict.Answer;
import dev.spamflow.inference.predict.TokenEffect;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the spamflow API's answers, in one place. */
final class Bodies {

  private Bodies() {}

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
