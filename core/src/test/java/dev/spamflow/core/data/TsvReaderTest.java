package dev.spamflow.core.data;

import static dev.spamflow.core.data.TestData.BOM;
import static dev.spamflow.core.data.TestData.bytes;
import static dev.spamflow.core.data.TestData.readAll;
import static dev.spamflow.core.data.TestData.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TsvReaderTest {

  private static final DatasetFormat TSV = DatasetFormat.SMS_TSV;

  @Test
  void readsTheWholeSmsCollection() {
    List<ReadResult> results = new ArrayList<>();
    try (RecordReader reader = DatasetReaders.open(TestData.sms())) {
      reader.forEachRemaining(results::add);
    }

    List<ReadResult.Accepted> accepted = Results.accepted(results);
    assertThat(results).hasSize(5_574);
    assertThat(Results.rejects(results)).isEmpty();
    assertThat(accepted).filteredOn(a -> a.message().label() == Label.SPAM).hasSize(747);
    assertThat(accepted).filteredOn(a -> a.message().label() == Label.HAM).hasSize(4_827);
    // Row numbers are line numbers: the last message sits on line 5,574.
    assertThat(accepted.getLast().row()).isEqualTo(5_574);
    assertThat(accepted.getFirst().message().text()).startsWith("Go until jurong point");
  }

  @Test
  void splitsOnTheFirstTabOnly() {
    assertThat(Results.texts(readAll(TSV, "ham\tcol a\tcol b\n"))).containsExactly("col a\tcol b");
  }

  @Test
  void rejectsAnUnknownLabelWithItsLine() {
    List<ReadResult> results = readAll(TSV, "ham\tfine\nmaybe\thello\nspam\tWIN\n");

    assertThat(Results.rejects(results))
        .containsExactly(
            new Reject(
                "data.tsv",
                2,
                "label",
                "expected one of spam, ham, not_spam, 1, 0, true, false but was \"maybe\""));
    assertThat(Results.texts(results)).containsExactly("fine", "WIN");
  }

  @Test
  void rejectsEmptyTextAndAMissingTab() {
    List<ReadResult> results = readAll(TSV, "spam\t   \nham no tab here\n");

    assertThat(Results.rejects(results))
        .containsExactly(
            new Reject("data.tsv", 1, "text", "is empty"),
            new Reject("data.tsv", 2, "text", "missing: no TAB after the label"));
  }

  @Test
  void skipsBlankLinesAndAHeaderRow() {
    List<ReadResult> results = readAll(TSV, "Label\tSMS\n\n  \nham\thi\n");

    assertThat(results).hasSize(1);
    assertThat(Results.accepted(results).getFirst().row()).isEqualTo(4);
  }

  @Test
  void toleratesBomAndCrlf() {
    byte[] input = bytes(BOM, utf8("ham\thi there\r\nspam\tWIN £100\r\n"));

    List<ReadResult> results = readAll(TSV, input, ReaderLimits.DEFAULT);

    assertThat(Results.texts(results)).containsExactly("hi there", "WIN £100");
    assertThat(Results.accepted(results).getFirst().message().label()).isEqualTo(Label.HAM);
  }

  @Test
  void readsALastLineWithoutNewline() {
    assertThat(Results.texts(readAll(TSV, "ham\tone\nspam\ttwo"))).containsExactly("one", "two");
  }
}
