package dev.spamflow.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading with {@link LabelPolicy#OPTIONAL}: what batch scoring sees, per format. */
class OptionalLabelsTest {

  @TempDir Path dir;

  @Test
  void smsTsvLinesWithoutATabOrWithAnEmptyLabelAreUnlabelledText() {
    List<ReadResult> results =
        read(DatasetFormat.SMS_TSV, "ham\tsee you\nWIN a prize now\n\tempty label\nmaybe\thi\n");

    assertThat(results)
        .containsExactly(
            new ReadResult.Accepted(new Message("see you", Label.HAM), 1),
            new ReadResult.Unlabelled("WIN a prize now", 2),
            new ReadResult.Unlabelled("empty label", 3),
            new ReadResult.Rejected(
                new Reject(
                    "data.tsv",
                    4,
                    "label",
                    "expected one of "
                        + String.join(", ", Label.ACCEPTED_SPELLINGS)
                        + " but was \"maybe\"")));
  }

  @Test
  void csvNeedsOnlyATextColumnAndAnEmptyLabelMeansNone() {
    List<ReadResult> results = read(DatasetFormat.CSV, "id,text\n1,hello\n2,\"a, b\"\n3,\n");

    assertThat(results)
        .containsExactly(
            new ReadResult.Unlabelled("hello", 2),
            new ReadResult.Unlabelled("a, b", 3),
            new ReadResult.Rejected(new Reject("data.csv", 4, "text", "is empty")));
    assertThat(read(DatasetFormat.CSV, "text,label\nhi,spam\nyo,\n"))
        .containsExactly(
            new ReadResult.Accepted(new Message("hi", Label.SPAM), 2),
            new ReadResult.Unlabelled("yo", 3));
  }

  @Test
  void csvWithoutATextColumnStillFailsTheFile() {
    assertThatThrownBy(() -> read(DatasetFormat.CSV, "id,body\n1,hello\n"))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageContaining("data.csv")
        .hasMessageContaining("must name a text column");
  }

  @Test
  void jsonLinesMayOmitTheLabelButNotTheText() {
    List<ReadResult> results =
        read(
            DatasetFormat.JSON_LINES,
            "{\"text\":\"one\"}\n{\"text\":\"two\",\"label\":null}\n{\"label\":\"ham\"}\n"
                + "{\"text\":\"three\",\"label\":\"spam\"}\n");

    assertThat(results)
        .containsExactly(
            new ReadResult.Unlabelled("one", 1),
            new ReadResult.Unlabelled("two", 2),
            new ReadResult.Rejected(new Reject("data.jsonl", 3, "text", "missing")),
            new ReadResult.Accepted(new Message("three", Label.SPAM), 4));
  }

  @Test
  void requiredLabelsStillRejectTheSameRows() {
    List<ReadResult> results =
        TestData.readAll(DatasetFormat.SMS_TSV, "no tab here\n").stream().toList();

    assertThat(results)
        .containsExactly(
            new ReadResult.Rejected(
                new Reject("data.tsv", 1, "text", "missing: no TAB after the label")));
  }

  @Test
  void aPlainTextFileIsOneUnlabelledMessagePerLine() throws IOException {
    Path file = dir.resolve("messages.txt");
    Files.writeString(file, "Free entry, text WIN now\nsee you at 6\n", StandardCharsets.UTF_8);

    assertThat(DatasetReaders.detect(file, LabelPolicy.OPTIONAL)).isEqualTo(DatasetFormat.SMS_TSV);
    assertThatThrownBy(() -> DatasetReaders.detect(file))
        .isInstanceOf(DatasetFormatException.class);
    List<ReadResult> results = new ArrayList<>();
    try (RecordReader reader =
        DatasetReaders.open(file, ReaderLimits.DEFAULT, LabelPolicy.OPTIONAL)) {
      reader.forEachRemaining(results::add);
    }
    assertThat(results)
        .containsExactly(
            new ReadResult.Unlabelled("Free entry, text WIN now", 1),
            new ReadResult.Unlabelled("see you at 6", 2));
  }

  @Test
  void aCsvHeaderWithOnlyTextIsCsvWhenLabelsAreOptional() throws IOException {
    Path file = dir.resolve("inbox");
    Files.writeString(file, "text,sender\nhello,bob\n", StandardCharsets.UTF_8);

    assertThat(DatasetReaders.detect(file, LabelPolicy.OPTIONAL)).isEqualTo(DatasetFormat.CSV);
  }

  private static List<ReadResult> read(DatasetFormat format, String content) {
    List<ReadResult> results = new ArrayList<>();
    try (RecordReader reader =
        DatasetReaders.open(
            new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)),
            TestData.name(format),
            format,
            ReaderLimits.DEFAULT,
            LabelPolicy.OPTIONAL)) {
      reader.forEachRemaining(results::add);
    }
    return results;
  }
}
