package dev.spamflow.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FeaturesTest {

  @Test
  void measuresATypicalSpam() {
    Features f = TextFeatures.features("WIN £900 now! Call 0906 or www.win.com");

    assertThat(f.textLength()).isEqualTo(38);
    assertThat(f.wordCount()).isEqualTo(7);
    assertThat(f.hasUrl()).isTrue();
    assertThat(f.hasEmail()).isFalse();
    assertThat(f.hasCurrency()).isTrue();
    // 7 digits among 32 non-blank characters; 4 upper-case (W, I, N, C) among 21 letters.
    assertThat(f.digitShare()).isCloseTo(7.0 / 32, within(1e-12));
    assertThat(f.upperCaseShare()).isCloseTo(4.0 / 21, within(1e-12));
  }

  @Test
  void measuresTheCleanedTextInCodePoints() {
    // The entity becomes one character and the emoji (two UTF-16 units) counts once.
    Features f = TextFeatures.features("  hi &amp; 😀  ");

    assertThat(f.textLength()).isEqualTo(6);
    assertThat(f.wordCount()).isEqualTo(3);
    assertThat(f.upperCaseShare()).isZero();
  }

  @Test
  void emptyTextHasZeroShares() {
    Features f = TextFeatures.features("");

    assertThat(f).isEqualTo(new Features(0, 0, false, false, 0.0, 0.0, false));
  }

  @Test
  void findsEmailAddresses() {
    assertThat(TextFeatures.features("write to win@prize.com").hasEmail()).isTrue();
  }

  @Test
  void mapHasTheSnakeCaseNamesInOrder() {
    Features f = TextFeatures.features("Mail me at a@b.org £5");

    assertThat(f.asMap()).containsOnlyKeys(Features.NAMES);
    assertThat(f.asMap().keySet()).containsExactlyElementsOf(Features.NAMES);
    assertThat(f.asMap())
        .containsEntry("has_email", 1.0)
        .containsEntry("has_url", 0.0)
        .containsEntry("has_currency", 1.0)
        .containsEntry("word_count", 5.0);
  }

  @Test
  void analyseAgreesWithTheSingleCalls() {
    String raw = "FREE entry &lt;3 txt WIN to 87121";
    TextFeatures.Analysis analysis = TextFeatures.analyse(raw);

    assertThat(analysis.cleaned()).isEqualTo(TextFeatures.clean(raw));
    assertThat(analysis.tokens()).isEqualTo(TextFeatures.tokens(raw));
    assertThat(analysis.features()).isEqualTo(TextFeatures.features(raw));
  }
}
