package dev.spamflow.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabularyTest {

  private static final List<List<String>> TEXTS =
      List.of(
          List.of("free", "win", "!", "free"),
          List.of("win", "call", "<num5+>"),
          List.of("free", "b", "a"));

  @TempDir Path dir;

  @Test
  void ordersByDescendingCountThenByToken() {
    Vocabulary vocabulary = Vocabulary.build(TEXTS, 100, 1);

    assertThat(vocabulary.tokens())
        .containsExactly("<pad>", "<oov>", "free", "win", "!", "<num5+>", "a", "b", "call");
    assertThat(vocabulary.id("free")).isEqualTo(2);
    assertThat(vocabulary.token(Vocabulary.PAD)).isEqualTo(Vocabulary.PAD_TOKEN);
    assertThat(vocabulary.token(Vocabulary.OOV)).isEqualTo(Vocabulary.OOV_TOKEN);
  }

  @Test
  void capsTheSizeIncludingPadAndOovAndDropsRareTokens() {
    assertThat(Vocabulary.build(TEXTS, 4, 1).tokens())
        .containsExactly("<pad>", "<oov>", "free", "win");
    assertThat(Vocabulary.build(TEXTS, 100, 2).tokens())
        .containsExactly("<pad>", "<oov>", "free", "win");
    assertThat(Vocabulary.build(List.of(), 10, 1).size()).isEqualTo(2);
  }

  @Test
  void encodesTruncatingAndMappingUnknownsToOov() {
    Vocabulary vocabulary = Vocabulary.build(TEXTS, 100, 1);

    assertThat(vocabulary.encode(List.of("win", "unseen", "free", "call"), 3))
        .containsExactly(3, Vocabulary.OOV, 2);
    // An empty text still gives a one-step sequence.
    assertThat(vocabulary.encode(List.of(), 10)).containsExactly(Vocabulary.OOV);
    assertThatThrownBy(() -> vocabulary.encode(List.of("win"), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void roundTripsThroughAFile() throws IOException {
    Vocabulary vocabulary =
        Vocabulary.build(List.of(List.of("größe", "£", "<url>", "don't")), 100, 1);
    Path file = dir.resolve("vocab.txt");

    vocabulary.write(file);
    Vocabulary read = Vocabulary.read(file);

    assertThat(read).isEqualTo(vocabulary).hasSameHashCodeAs(vocabulary);
    assertThat(read.id("größe")).isEqualTo(vocabulary.id("größe"));
    assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).startsWith("<pad>", "<oov>");
  }

  @Test
  void readingAFileThatIsNotAVocabularyNamesFileAndLine() throws IOException {
    Path noPad = Files.writeString(dir.resolve("a.txt"), "hello\n<oov>\n");
    Path duplicate = Files.writeString(dir.resolve("b.txt"), "<pad>\n<oov>\nx\nx\n");
    Path tooShort = Files.writeString(dir.resolve("c.txt"), "<pad>\n");

    assertThatThrownBy(() -> Vocabulary.read(noPad))
        .isInstanceOf(IOException.class)
        .hasMessage(noPad + ":1: not a vocabulary file: expected <pad> but was \"hello\"");
    assertThatThrownBy(() -> Vocabulary.read(duplicate))
        .hasMessageContaining(duplicate + ":4:")
        .hasMessageContaining("duplicate of line 3");
    assertThatThrownBy(() -> Vocabulary.read(tooShort)).hasMessageContaining("has 1 line(s)");
  }

  @Test
  void refusesTokensThatCouldNotBeSaved() {
    assertThatThrownBy(() -> Vocabulary.build(List.of(List.of("a\nb")), 10, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
