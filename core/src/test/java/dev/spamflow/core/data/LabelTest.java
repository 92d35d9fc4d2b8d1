package dev.spamflow.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LabelTest {

  @ParameterizedTest
  @ValueSource(strings = {"spam", "SPAM", " Spam ", "1", "true", "TRUE"})
  void parsesSpamSpellings(String raw) {
    assertThat(Label.parse(raw)).contains(Label.SPAM);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ham", "HAM", "not_spam", "Not_Spam", "0", "false"})
  void parsesHamSpellings(String raw) {
    assertThat(Label.parse(raw)).contains(Label.HAM);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "maybe", "not spam", "2", "yes", "spam!"})
  void rejectsAnythingElse(String raw) {
    assertThat(Label.parse(raw)).isEmpty();
  }

  @Test
  void nullIsNotALabel() {
    assertThat(Label.parse(null)).isEmpty();
  }

  @Test
  void indexAndWireNameAreTheModelContract() {
    assertThat(Label.HAM.index()).isZero();
    assertThat(Label.SPAM.index()).isOne();
    assertThat(Label.ofIndex(1)).isEqualTo(Label.SPAM);
    assertThat(Label.SPAM.wireName()).isEqualTo("spam");
    assertThat(Label.HAM.wireName()).isEqualTo("ham");
    assertThatThrownBy(() -> Label.ofIndex(2)).isInstanceOf(IllegalArgumentException.class);
  }
}
