package dev.spamflow.core.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The classifier's contract around its inputs; its arithmetic is proven in FastLstmParityTest. */
class FastLstmClassifierTest {

  private final FastLstmClassifier classifier =
      new FastLstmClassifier(LstmWeightsTest.randomWeights(11, 3, 2, 1));

  @Test
  void scoresAProbability() {
    double p = classifier.spamProbability(new int[] {2, 3, 4});

    assertThat(p).isBetween(0.0, 1.0);
  }

  @Test
  void readsOnlyTheFirstLengthIds() {
    double exact = classifier.spamProbability(new int[] {2, 3, 4});

    assertThat(classifier.spamProbability(new int[] {2, 3, 4, 9, 9, 0}, 3)).isEqualTo(exact);
  }

  @Test
  void emptyMessageIsScoredAsOneOutOfVocabularyId() {
    double oov = classifier.spamProbability(new int[] {FastLstmClassifier.OOV_ID});

    assertThat(classifier.spamProbability(new int[0])).isEqualTo(oov);
    assertThat(classifier.spamProbability(new int[] {5, 6}, 0)).isEqualTo(oov);
  }

  @Test
  void batchEqualsOneByOne() {
    int[][] messages = {{2, 3}, {4}, {10, 9, 8, 7, 6, 5}, {}};

    double[] batch = classifier.spamProbabilities(messages);

    for (int i = 0; i < messages.length; i++) {
      assertThat(batch[i]).isEqualTo(classifier.spamProbability(messages[i]));
    }
  }

  @Test
  void rejectsIdsOutsideTheVocabulary() {
    assertThatThrownBy(() -> classifier.spamProbability(new int[] {2, 11}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("token id 11 at position 1 outside 0..10");
    assertThatThrownBy(() -> classifier.spamProbability(new int[] {-1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("token id -1 at position 0 outside 0..10");
  }

  @Test
  void rejectsALengthBeyondTheArray() {
    assertThatThrownBy(() -> classifier.spamProbability(new int[] {2}, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("length 2 outside 0..1 (the ids given)");
  }

  @Test
  void tanhApproximationIsWithinAFewFloatUlps() {
    double maxError = 0;
    // Steps of 1e-4 over [-20, 20] cover the rational fit and the clamped tails.
    for (int i = -200_000; i <= 200_000; i++) {
      float x = i * 1e-4f;
      maxError = Math.max(maxError, Math.abs(FastLstmClassifier.tanh(x) - Math.tanh(x)));
    }

    assertThat(maxError).isLessThan(3e-7);
    assertThat(FastLstmClassifier.tanh(0f)).isEqualTo(0f);
    assertThat(FastLstmClassifier.tanh(Float.POSITIVE_INFINITY)).isCloseTo(1f, within(3e-7f));
    assertThat(FastLstmClassifier.tanh(-1e30f)).isCloseTo(-1f, within(3e-7f));
  }

  @Test
  void rejectsTooSmallOutput() {
    assertThatThrownBy(() -> classifier.spamProbabilities(new int[][] {{2}, {3}}, new double[1]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
