package dev.spamflow.core.data;

import static dev.spamflow.core.data.TestData.BOM;
import static dev.spamflow.core.data.TestData.bytes;
import static dev.spamflow.core.data.TestData.readAll;
import static dev.spamflow.core.data.TestData.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesReaderTest {

  private static final DatasetFormat JSONL = DatasetFormat.JSON_LINES;

  @Test
  void acceptsStringNumberAndBooleanLabels() {
    String input =
        """
        {"text":"hi","label":"not_spam","id":1}
        {"label":1,"text":"win"}
        {"text":"ok","label":false}
        """;

    assertThat(Results.accepted(readAll(JSONL, input)))
        .extracting(a -> a.message())
        .containsExactly(
            new Message("hi", Label.HAM),
            new Message("win", Label.SPAM),
            new Message("ok", Label.HAM));
  }

  @Test
  void rejectsAMalformedLineAndReadsTheNextOne() {
    List<ReadResult> results =
        readAll(JSONL, "{\"text\":\"a\",\"label\":\"ham\"\n{\"text\":\"b\",\"label\":\"spam\"}\n");

    Reject reject = Results.rejects(results).getFirst();
    assertThat(reject.row()).isEqualTo(1);
    assertThat(reject.field()).isEqualTo(Reject.WHOLE_ROW);
    assertThat(reject.reason()).startsWith("malformed JSON: ");
    assertThat(Results.texts(results)).containsExactly("b");
  }

  @Test
  void rejectsMissingAndMistypedFields() {
    String input =
        """
        {"label":"spam"}
        {"text":5,"label":"spam"}
        {"text":"x"}
        {"text":"x","label":"perhaps"}
        ["x","spam"]
        {"text":"x","label":"spam"} trailing
        """;

    List<Reject> rejects = Results.rejects(readAll(JSONL, input));

    assertThat(rejects)
        .extracting(Reject::row, Reject::field)
        .containsExactly(
            tuple(1L, "text"),
            tuple(2L, "text"),
            tuple(3L, "label"),
            tuple(4L, "label"),
            tuple(5L, ""),
            tuple(6L, ""));
    assertThat(rejects.get(0).reason()).isEqualTo("missing");
    assertThat(rejects.get(1).reason()).isEqualTo("expected a string but was a number");
    assertThat(rejects.get(4).reason()).isEqualTo("expected a JSON object but was an array");
  }

  @Test
  void toleratesBomAndCrlf() {
    byte[] input =
        bytes(
            BOM,
            utf8(
                "{\"text\":\"a\",\"label\":\"ham\"}\r\n\r\n{\"text\":\"b\",\"label\":\"spam\"}\r\n"));

    List<ReadResult> results = readAll(JSONL, input, ReaderLimits.DEFAULT);

    assertThat(Results.texts(results)).containsExactly("a", "b");
    assertThat(Results.accepted(results).getLast().row()).isEqualTo(3);
  }
}
