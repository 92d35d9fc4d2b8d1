package dev.spamflow.core.data;

import static dev.spamflow.core.data.TestData.BOM;
import static dev.spamflow.core.data.TestData.bytes;
import static dev.spamflow.core.data.TestData.readAll;
import static dev.spamflow.core.data.TestData.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

  private static final DatasetFormat CSV = DatasetFormat.CSV;

  @Test
  void readsTheEmailDatasetWithMultiLineTexts() {
    List<ReadResult> results = new ArrayList<>();
    try (RecordReader reader = DatasetReaders.open(TestData.email())) {
      reader.forEachRemaining(results::add);
    }

    List<ReadResult.Accepted> accepted = Results.accepted(results);
    assertThat(Results.rejects(results)).isEmpty();
    assertThat(accepted).hasSize(8_175);
    // not_spam maps to ham: 4,125 spam and 4,050 not_spam per the dataset README.
    assertThat(accepted).filteredOn(a -> a.message().label() == Label.SPAM).hasSize(4_125);
    assertThat(accepted).filteredOn(a -> a.message().label() == Label.HAM).hasSize(4_050);
    // Python's csv module counts 6,525 texts with a newline inside: framing kept them whole.
    assertThat(accepted).filteredOn(a -> a.message().text().contains("\n")).hasSize(6_525);
    assertThat(accepted.getFirst().row()).isEqualTo(2);
    assertThat(accepted.getFirst().message().text())
        .startsWith("hey I am looking for Xray baggage datasets");
  }

  @Test
  void keepsQuotedNewlinesCommasAndQuotesAndCountsTheirLines() {
    String csv = "text,label\n\"two\nlines, \"\"quoted\"\"\",spam\nnext,maybe\n";

    List<ReadResult> results = readAll(CSV, csv);

    assertThat(Results.texts(results)).containsExactly("two\nlines, \"quoted\"");
    // The rejected record starts on line 4 because the first one spans lines 2 and 3.
    assertThat(Results.rejects(results))
        .extracting(Reject::row, Reject::field)
        .containsExactly(tuple(4L, "label"));
  }

  @Test
  void takesColumnOrderFromTheHeaderIgnoringCaseAndExtraColumns() {
    List<ReadResult> results = readAll(CSV, "id,LABEL,Text\n7,not_spam,hello\n8,1,win\n");

    assertThat(Results.accepted(results))
        .extracting(a -> a.message())
        .containsExactly(new Message("hello", Label.HAM), new Message("win", Label.SPAM));
  }

  @Test
  void failsTheFileWhenTheLabelColumnIsMissing() {
    assertThatThrownBy(() -> readAll(CSV, "text,category\nhello,spam\n"))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageStartingWith("data.csv: ")
        .hasMessageContaining("[text, category]");
  }

  @Test
  void rejectsBadQuotingAndReadsOn() {
    List<ReadResult> results = readAll(CSV, "text,label\n\"closed\"early,spam\nfine,ham\n");

    Reject reject = Results.rejects(results).getFirst();
    assertThat(reject.row()).isEqualTo(2);
    assertThat(reject.field()).isEqualTo(Reject.WHOLE_ROW);
    assertThat(reject.reason()).startsWith("malformed CSV: ");
    assertThat(Results.texts(results)).containsExactly("fine");
  }

  @Test
  void rejectsAQuoteThatIsNeverClosed() {
    List<ReadResult> results = readAll(CSV, "text,label\nok,ham\n\"never closed,spam\nmore\n");

    assertThat(Results.texts(results)).containsExactly("ok");
    assertThat(Results.rejects(results))
        .containsExactly(
            new Reject("data.csv", 3, "", "malformed CSV: a quoted field is never closed"));
  }

  @Test
  void rejectsARowWithTooFewFieldsAndAnEmptyText() {
    List<ReadResult> results = readAll(CSV, "text,label\nhello\n\"\",spam\n");

    assertThat(Results.rejects(results))
        .containsExactly(
            new Reject(
                "data.csv", 2, "label", "missing: the row has 1 field(s), the header needs 2"),
            new Reject("data.csv", 3, "text", "is empty"));
  }

  @Test
  void toleratesBomAndCrlfKeepingLineBreaksInsideQuotes() {
    byte[] input = bytes(BOM, utf8("text,label\r\n\"multi\r\nline\",spam\r\nsingle,ham\r\n"));

    List<ReadResult> results = readAll(CSV, input, ReaderLimits.DEFAULT);

    assertThat(Results.texts(results)).containsExactly("multi\r\nline", "single");
    assertThat(Results.accepted(results).getLast().row()).isEqualTo(4);
  }
}
