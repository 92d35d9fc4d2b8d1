package dev.spamflow.inference.predict;

import dev.spamflow.core.serving.SpamPredictor;
import dev.spamflow.core.text.TextFeatures;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Leave-one-token-out explanations: score the message once per token with that token removed, and
 * report the tokens whose removal changed the spam probability most. With the lean forward pass a
 * message of the model's maximum length costs that many extra passes, well under a millisecond
 * each, so explanations can be served on request.
 */
public final class Explainer {

  private Explainer() {}

  /**
   * Explains one message.
   *
   * @param predictor the model that scored it
   * @param text the message
   * @param spamProbability its score with every token
   * @param limit the most tokens to report
   * @return at most {@code limit} tokens, largest absolute effect first; empty for a message of
   *     fewer than two tokens (removing the only token leaves nothing to score)
   */
  public static List<TokenEffect> explain(
      SpamPredictor predictor, String text, double spamProbability, int limit) {
    List<String> tokens = TextFeatures.tokens(text);
    int[] ids = predictor.encode(text);
    if (tokens.isEmpty() || ids.length < 2 || limit < 1) {
      return List.of();
    }
    List<TokenEffect> effects = new ArrayList<>(ids.length);
    int[] without = new int[ids.length - 1];
    for (int skip = 0; skip < ids.length; skip++) {
      System.arraycopy(ids, 0, without, 0, skip);
      System.arraycopy(ids, skip + 1, without, skip, ids.length - skip - 1);
      double effect = spamProbability - predictor.spamProbability(without);
      effects.add(new TokenEffect(tokens.get(skip), skip, effect));
    }
    effects.sort(
        Comparator.comparingDouble((TokenEffect e) -> Math.abs(e.effect()))
            .reversed()
            .thenComparingInt(TokenEffect::position));
    return List.copyOf(effects.subList(0, Math.min(limit, effects.size())));
  }
}
