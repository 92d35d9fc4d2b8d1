package dev.spamflow.inference.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.spamflow.core.serving.SpamPredictor;
import dev.spamflow.core.text.TextFeatures;
import dev.spamflow.inference.TestBundles;
import dev.spamflow.inference.TestTexts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leave-one-token-out explanations with the saved bundle. */
class ExplainerTest {

  @Test
  void reportsTheTokensWhoseRemovalMovesTheScoreMost(@TempDir Path dir) throws IOException {
    SpamPredictor predictor = SpamPredictor.load(TestBundles.saved(dir.resolve("b")));
    String text = TestTexts.spam();
    double p = predictor.spamProbability(text);

    List<TokenEffect> effects = Explainer.explain(predictor, text, p, 3);

    assertThat(effects).hasSize(3);
    List<String> tokens = TextFeatures.tokens(text);
    int[] ids = predictor.encode(text);
    for (TokenEffect effect : effects) {
      assertThat(effect.token()).isEqualTo(tokens.get(effect.position()));
      int[] without = new int[ids.length - 1];
      System.arraycopy(ids, 0, without, 0, effect.position());
      System.arraycopy(
          ids,
          effect.position() + 1,
          without,
          effect.position(),
          ids.length - effect.position() - 1);
      // The effect is exactly the score with the token minus the score without it.
      assertThat(effect.effect()).isCloseTo(p - predictor.spamProbability(without), within(1e-12));
    }
    double[] sizes = effects.stream().mapToDouble(e -> Math.abs(e.effect())).toArray();
    double[] sorted = sizes.clone();
    Arrays.sort(sorted);
    assertThat(sizes[0]).isEqualTo(sorted[sorted.length - 1]);
  }

  @Test
  void explainsNothingForASingleToken(@TempDir Path dir) throws IOException {
    SpamPredictor predictor = SpamPredictor.load(TestBundles.saved(dir.resolve("b")));

    assertThat(Explainer.explain(predictor, "hello", predictor.spamProbability("hello"), 5))
        .isEmpty();
  }
}
