package dev.spamflow.core.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.core.text.TextFeatures;
import org.junit.jupiter.api.Test;

/** The shape bins are part of the n-gram file's meaning: a change here changes deployed models. */
class MessageShapeTest {

  @Test
  void binsAreOnePerFeatureInTheirOwnRanges() {
    // Length bins 0..9, digit bins 10..16, capital-share bins 17..22, word bins 23..29.
    assertThat(MessageShape.WIDTH).isEqualTo(30);
    assertThat(MessageShape.bins("")).containsExactly(0, 10, 17, 23);
    // 29 characters, no digit, 2 capitals of 18 letters (0.11), 6 words.
    assertThat(MessageShape.bins("Ok lar... Joking wif u oni...")).containsExactly(1, 10, 19, 25);
  }

  @Test
  void aTypicalSpamLandsInTheLongDigitHeavyCapitalBins() {
    String spam =
        TextFeatures.clean(
            "WINNER!! As a valued network customer you have been selected to receive a £900 prize"
                + " reward! To claim call 09061701461. Claim code KL341. Valid 12 hours only.");
    int[] bins = MessageShape.bins(spam);

    // 158 characters (bin 7: 140 ≤ n < 160), 19 digits (the last digit bin, ≥ 15), 12 capitals
    // of 106 letters (0.11: bin 2, 0.1 ≤ share < 0.2), 27 words (bin 5: 20 ≤ n < 28).
    assertThat(spam).hasSize(158);
    assertThat(bins).containsExactly(7, 10 + 6, 17 + 2, 23 + 5);
  }

  @Test
  void edgesBelongToTheBinAbove() {
    String twentyChars = "a".repeat(20);
    String nineteenChars = "a".repeat(19);

    assertThat(MessageShape.bins(twentyChars)[0]).isEqualTo(1);
    assertThat(MessageShape.bins(nineteenChars)[0]).isEqualTo(0);
    assertThat(MessageShape.bins("a1")[1]).isEqualTo(11);
  }
}
