package dev.spamflow.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Reading must take constant memory: the reader's only per-record buffers never grow past the row
 * limit, however big the input or its rows are.
 */
class StreamingMemoryTest {

  private static final int LIMIT = 4 * 1024;

  @Test
  void readsTwoMillionRowsAndGiantRowsWithBoundedBuffers() {
    // ~230 MB in all: 2 million ordinary rows plus, every 200,000 rows, a 20 MB row with no line
    // break for a long way; a reader that buffered lines would need 20 MB for each of them.
    String giant = "spam\t" + "z".repeat(20 * 1024 * 1024) + "\n";
    GeneratedInput input =
        new GeneratedInput(
            2_000_000L,
            i ->
                i % 200_000 == 199_999
                    ? giant
                    : (i % 7 == 0 ? "spam" : "ham")
                        + "\tmessage number "
                        + i
                        + " with some text\n");
    long accepted = 0;
    long rejected = 0;
    int peakBytes;
    int peakChars;
    try (FramedRecordReader reader =
        (FramedRecordReader)
            DatasetReaders.open(
                input, "generated.tsv", DatasetFormat.SMS_TSV, new ReaderLimits(LIMIT))) {
      while (reader.hasNext()) {
        if (reader.next() instanceof ReadResult.Accepted) {
          accepted++;
        } else {
          rejected++;
        }
      }
      peakBytes = reader.peakRecordBufferBytes();
      peakChars = reader.peakDecodeBufferChars();
    }

    assertThat(input.bytesRead()).isGreaterThan(200_000_000L);
    assertThat(rejected).isEqualTo(10);
    assertThat(accepted).isEqualTo(2_000_000L - 10);
    // One byte over the limit is allowed for the CR of a CRLF.
    assertThat(peakBytes).isLessThanOrEqualTo(LIMIT + 1);
    assertThat(peakChars).isLessThanOrEqualTo(LIMIT);
  }

  @Test
  void csvFramingStaysBoundedInsideAHugeQuotedField() {
    // A quoted field that never ends is the classic way a CSV reader swallows a whole file.
    String huge = "\"" + "line\n".repeat(2_000_000);
    GeneratedInput input =
        new GeneratedInput(3, i -> i == 0 ? "text,label\n" : i == 1 ? "ok,ham\n" : huge);
    int peakBytes;
    long rows = 0;
    try (FramedRecordReader reader =
        (FramedRecordReader)
            DatasetReaders.open(
                input, "generated.csv", DatasetFormat.CSV, new ReaderLimits(LIMIT))) {
      while (reader.hasNext()) {
        reader.next();
        rows++;
      }
      peakBytes = reader.peakRecordBufferBytes();
    }

    assertThat(rows).isEqualTo(2);
    assertThat(peakBytes).isLessThanOrEqualTo(LIMIT + 1);
  }
}
