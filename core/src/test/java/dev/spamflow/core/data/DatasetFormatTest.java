package dev.spamflow.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetFormatTest {

  @TempDir Path dir;

  @Test
  void extensionDecidesForCsvAndJson() throws IOException {
    // The content would say TSV: the extension wins when it settles the question.
    assertThat(DatasetReaders.detect(write("a.CSV", "ham\thi\n"))).isEqualTo(DatasetFormat.CSV);
    assertThat(DatasetReaders.detect(write("a.jsonl", "x"))).isEqualTo(DatasetFormat.JSON_LINES);
    assertThat(DatasetReaders.detect(write("a.ndjson", "x"))).isEqualTo(DatasetFormat.JSON_LINES);
    assertThat(DatasetReaders.detect(write("a.json", "x"))).isEqualTo(DatasetFormat.JSON_LINES);
  }

  @Test
  void contentDecidesForTsvTxtAndNoExtension() throws IOException {
    assertThat(DatasetReaders.detect(TestData.sms())).isEqualTo(DatasetFormat.SMS_TSV);
    assertThat(DatasetReaders.detect(write("a.txt", "\uFEFF\n{\"text\":\"x\",\"label\":1}\n")))
        .isEqualTo(DatasetFormat.JSON_LINES);
    assertThat(DatasetReaders.detect(write("a.tsv", "label,text\nhi,ham\n")))
        .isEqualTo(DatasetFormat.CSV);
    assertThat(DatasetReaders.detect(write("data", "Label\tSMS\nham\thi\n")))
        .isEqualTo(DatasetFormat.SMS_TSV);
  }

  @Test
  void unknownContentFailsNamingTheFile() throws IOException {
    Path file = write("mystery.txt", "just some words\n");

    assertThatThrownBy(() -> DatasetReaders.detect(file))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageStartingWith(file + ": cannot tell the format")
        .hasMessageContaining("just some words");
  }

  @Test
  void anEmptyFileCannotBeTold() throws IOException {
    Path file = write("empty.tsv", "\n\n");

    assertThatThrownBy(() -> DatasetReaders.detect(file))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void openUsesTheDetectedFormat() throws IOException {
    Path file = write("upload", "{\"text\":\"hello\",\"label\":\"ham\"}\n");

    try (RecordReader reader = DatasetReaders.open(file)) {
      assertThat(reader.next())
          .isEqualTo(new ReadResult.Accepted(new Message("hello", Label.HAM), 1));
      assertThat(reader.hasNext()).isFalse();
    }
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }
}
