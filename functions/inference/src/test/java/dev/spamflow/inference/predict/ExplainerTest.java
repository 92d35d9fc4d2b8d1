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
    TextFeatures.Analysis analysis = TextFeatures.analyse(text);
    for (TokenEffect effect : effects) {
      assertThat(effect.token()).isEqualTo(analysis.tokens().get(effect.position()));
      // The effect is exactly the score with the token minus the score without it.
      assertThat(effect.effect())
          .isCloseTo(
              p - predictor.spamProbabilityWithout(analysis, effect.position()), within(1e-12));
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
