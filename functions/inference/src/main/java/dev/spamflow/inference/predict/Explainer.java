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
    TextFeatures.Analysis analysis = TextFeatures.analyse(text);
    List<String> tokens = analysis.tokens();
    // The first maxLen tokens are the ones the LSTM reads, so those are the ones explained.
    int explained = Math.min(tokens.size(), predictor.manifest().hyperParameters().maxLen());
    if (explained < 2 || limit < 1) {
      return List.of();
    }
    List<TokenEffect> effects = new ArrayList<>(explained);
    for (int skip = 0; skip < explained; skip++) {
      double effect = spamProbability - predictor.spamProbabilityWithout(analysis, skip);
      effects.add(new TokenEffect(tokens.get(skip), skip, effect));
    }
    effects.sort(
        Comparator.comparingDouble((TokenEffect e) -> Math.abs(e.effect()))
            .reversed()
            .thenComparingInt(TokenEffect::position));
    return List.copyOf(effects.subList(0, Math.min(limit, effects.size())));
  }
}
