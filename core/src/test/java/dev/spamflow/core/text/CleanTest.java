package dev.spamflow.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CleanTest {

  @Test
  void aMessageIdIsTheSha256OfItsDedupKeySoCaseAndSpacingDoNotMatter() {
    // sha256("see you at 6"), from Python's hashlib.
    String id = "b678f828d0b3c1e068f512ba35c4e720c57d17837718189301b66666a011adda";
    assertThat(TextFeatures.messageId("see you at 6")).isEqualTo(id);
    assertThat(TextFeatures.messageId("  See YOU   at 6 ")).isEqualTo(id);
    assertThat(TextFeatures.messageId("see you at 7")).isNotEqualTo(id);
  }

  @Test
  void decodesTheHtmlEntitiesOfTheSmsDataOnce() {
    assertThat(TextFeatures.clean("I'll call you at &lt;#&gt; &amp; wait"))
        .isEqualTo("I'll call you at <#> & wait");
    assertThat(TextFeatures.clean("&quot;hi&quot; it&#39;s &#x41;")).isEqualTo("\"hi\" it's A");
    // Decoding is not repeated, so an escaped entity stays an entity.
    assertThat(TextFeatures.clean("&amp;lt;")).isEqualTo("&lt;");
    assertThat(TextFeatures.clean("AT&T &unknown; & ;")).isEqualTo("AT&T &unknown; & ;");
  }

  @Test
  void collapsesAndTrimsWhitespaceAndControls() {
    assertThat(TextFeatures.clean("  a \t\n b\r\n\u00A0c\u0001 ")).isEqualTo("a b c");
    assertThat(TextFeatures.clean(" \n\t ")).isEmpty();
  }

  @Test
  void appliesNfkcAndDropsInvisibleCharacters() {
    assertThat(TextFeatures.clean("ＦＲＥＥ ｐｒｉｚｅ")).isEqualTo("FREE prize");
    assertThat(TextFeatures.clean("fr\u200Bee\uFEFF")).isEqualTo("free");
    assertThat(TextFeatures.clean("ﬁnal ①")).isEqualTo("final 1");
  }

  @Test
  void turnsMisdecodedAndTypographicQuotesIntoAscii() {
    // U+0092 is what the UCI SMS file holds where Windows-1252 meant a right single quote.
    assertThat(TextFeatures.clean("that\u0092s \u201Cit\u201D")).isEqualTo("that's \"it\"");
  }

  @Test
  void leavesTidyAsciiAlone() {
    String tidy = "Ok lar... Joking wif u oni...";
    assertThat(TextFeatures.clean(tidy)).isSameAs(tidy);
  }

  @Test
  void dedupKeyFoldsCaseAndSpacing() {
    assertThat(TextFeatures.dedupKey("  WIN a  Prize&amp;more ")).isEqualTo("win a prize&more");
    assertThat(TextFeatures.dedupKey("win\tA PRIZE&more")).isEqualTo("win a prize&more");
  }
}
