package dev.spamflow.core.data;

import static dev.spamflow.core.data.TestData.BOM;
import static dev.spamflow.core.data.TestData.bytes;
import static dev.spamflow.core.data.TestData.readAll;
import static dev.spamflow.core.data.TestData.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Invalid UTF-8 and over-long rows: rejects with exact positions, and reading goes on. */
class InvalidInputTest {

  private static final byte[] BAD = {(byte) 0xFF};

  @Test
  void reportsTheByteOffsetOfInvalidUtf8InTsv() {
    // "ham\tok\n" is 7 bytes and "spam\tbad " 9 more, so the bad byte is at offset 16.
    byte[] input = bytes(utf8("ham\tok\n"), utf8("spam\tbad "), BAD, utf8("\nham\tafter\n"));

    List<ReadResult> results = readAll(DatasetFormat.SMS_TSV, input, ReaderLimits.DEFAULT);

    assertThat(Results.rejects(results))
        .containsExactly(new Reject("data.tsv", 2, "", "invalid UTF-8 at byte offset 16"));
    assertThat(Results.texts(results)).containsExactly("ok", "after");
  }

  @Test
  void countsTheBomAndEarlierLinesOfAQuotedCsvRecordInTheOffset() {
    // BOM (3) + "text,label\n" (11) + "\"é\n" (4: é is two bytes) puts the truncated é at 18.
    byte[] truncatedE = {(byte) 0xC3};
    byte[] input = bytes(BOM, utf8("text,label\n\"é\n"), truncatedE, utf8("\",spam\nok,ham\n"));

    List<ReadResult> results = readAll(DatasetFormat.CSV, input, ReaderLimits.DEFAULT);

    assertThat(Results.rejects(results))
        .containsExactly(new Reject("data.csv", 2, "", "invalid UTF-8 at byte offset 18"));
    assertThat(Results.accepted(results).getFirst().row()).isEqualTo(4);
  }

  @Test
  void rejectsUtf16SurrogatesEncodedAsUtf8InJsonLines() {
    // CESU-8 style "\uD83D" as three bytes is not valid UTF-8: offset 9 is right after {"text":"
    byte[] surrogate = {(byte) 0xED, (byte) 0xA0, (byte) 0xBD};
    byte[] input = bytes(utf8("{\"text\":\""), surrogate, utf8("\",\"label\":\"spam\"}\n"));

    assertThat(Results.rejects(readAll(DatasetFormat.JSON_LINES, input, ReaderLimits.DEFAULT)))
        .extracting(Reject::reason)
        .containsExactly("invalid UTF-8 at byte offset 9");
  }

  @Test
  void rejectsAnOverLongRowAndStillReadsTheNextOne() {
    String longText = "x".repeat(1_000);
    String input = "ham\tshort\nspam\t" + longText + "\nham\tafter\n";

    List<ReadResult> results = readAll(DatasetFormat.SMS_TSV, utf8(input), new ReaderLimits(64));

    assertThat(Results.rejects(results))
        .containsExactly(
            new Reject("data.tsv", 2, "", "row is longer than the limit of 64 bytes; skipped"));
    assertThat(Results.accepted(results))
        .extracting(ReadResult.Accepted::row)
        .containsExactly(1L, 3L);
  }

  @Test
  void aRowOfExactlyTheLimitIsReadEvenWithCrlf() {
    String text = "y".repeat(60);
    // "ham\t" + 60 = 64 bytes, then CR LF: the CR must not count against the limit.
    List<ReadResult> results =
        readAll(DatasetFormat.SMS_TSV, utf8("ham\t" + text + "\r\n"), new ReaderLimits(64));

    assertThat(Results.texts(results)).containsExactly(text);
  }

  @Test
  void anOverLongMultiLineCsvRecordKeepsLineNumbersRight() {
    String input = "text,label\n\"" + "a\n".repeat(100) + "\",spam\nlast,ham\n";

    List<ReadResult> results = readAll(DatasetFormat.CSV, utf8(input), new ReaderLimits(50));

    assertThat(Results.rejects(results)).extracting(Reject::row).containsExactly(2L);
    // The skipped record spans lines 2..102, so the next one starts on line 103.
    assertThat(Results.accepted(results).getFirst().row()).isEqualTo(103);
  }
}
