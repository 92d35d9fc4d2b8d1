package dev.spamflow.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokensTest {

  @Test
  void mapsDigitRunsByLengthAndKeepsCurrencyAndPunctuationTokens() {
    assertThat(TextFeatures.tokens("URGENT! Call 09061701461 now? £1000 prize, 2 pay 50p"))
        .containsExactly(
            "urgent", "!", "call", "<num5+>", "now", "?", "£", "<num4>", "prize", "<num1>", "pay",
            "<num2>", "p");
    assertThat(TextFeatures.tokens("$5 €20 ¥300 ₹4"))
        .containsExactly("$", "<num1>", "€", "<num2>", "¥", "<num3>", "₹", "<num1>");
  }

  @Test
  void replacesLinksWithSchemeOrWww() {
    assertThat(TextFeatures.tokens("Visit http://bit.ly/abc?x=1. Or WWW.Example.com/win!"))
        .containsExactly("visit", "<url>", "or", "<url>", "!");
    assertThat(TextFeatures.tokens("(https://a.b/c)")).containsExactly("<url>");
  }

  @Test
  void replacesBareDomainsWithAKnownTopLevelDomain() {
    assertThat(TextFeatures.tokens("Txt: getzed.co.uk/pound or tinyurl.com"))
        .containsExactly("txt", "<url>", "or", "<url>");
    // Abbreviations and glued sentences are not links.
    assertThat(TextFeatures.tokens("e.g. Mr.Smith said hi.how are u"))
        .containsExactly("e", "g", "mr", "smith", "said", "hi", "how", "are", "u");
  }

  @Test
  void replacesEmailAddresses() {
    assertThat(TextFeatures.tokens("mail:john.doe+x@example.co.uk. thanks"))
        .containsExactly("mail", "<email>", "thanks");
    assertThat(TextFeatures.tokens("meet @ 5 or a@b"))
        .containsExactly("meet", "<num1>", "or", "a", "b");
  }

  @Test
  void keepsApostrophesInsideWordsOnly() {
    assertThat(TextFeatures.tokens("Don't 'quote' it's rock'n'roll"))
        .containsExactly("don't", "quote", "it's", "rock'n'roll");
  }

  @Test
  void splitsLettersFromDigitsAndDropsEverythingElse() {
    assertThat(TextFeatures.tokens("2nite mp3 <#> ... :-) ***"))
        .containsExactly("<num1>", "nite", "mp", "<num1>");
  }

  @Test
  void cleansBeforeTokenising() {
    assertThat(TextFeatures.tokens("I&#39;ll see u at &lt;#&gt; ＯＫ"))
        .containsExactly("i'll", "see", "u", "at", "ok");
    assertThat(TextFeatures.tokens("Größe ÉCOLE naïve")).containsExactly("größe", "école", "naïve");
  }

  @Test
  void anEmptyTextHasNoTokens() {
    assertThat(TextFeatures.tokens("  ")).isEmpty();
    assertThat(TextFeatures.tokens("...")).isEmpty();
  }
}
