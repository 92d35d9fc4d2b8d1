package dev.spamflow.inference.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The predict call's streaming reader answers every body as the tree reader does. */
class JsonTest {

  private static final String EXAMPLE = "{\"text\": \"hi\"}";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"text\": \"hello\"}",
        "{\"id\": 7, \"meta\": {\"text\": 1, \"a\": [1, {\"b\": null}]}, \"text\": \"nested fields skipped\"}",
        "{\"text\": 1, \"text\": \"the last one counts\"}",
        "{\"text\": \"first\", \"text\": 2}",
        " \n {\"text\": \"white space around\"} \n ",
        "{\"text\": \"caf\\u00e9 \\ud83d\\ude00 \\\"quoted\\\"\"}",
        "{}",
        "{\"text\": null}",
        "{\"text\": \"   \"}",
        "{\"text\": 42}",
        "{\"text\": 4.2}",
        "{\"text\": true}",
        "{\"text\": {\"a\": 1}}",
        "{\"text\": [\"a\"]}",
        "[\"text\"]",
        "\"text\"",
        "42",
        "null",
        "   ",
        "{\"text\": \"unterminated",
        "{\"text\": \"a\"} trailing",
        "{\"text\": \"a\"} {\"text\": \"b\"}",
        "{\"text\": \"a\",}",
        "{\"text\" \"a\"}",
        "[1,",
        "nope"
      })
  void readsTheTextFieldAsTheTreeReaderDoes(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

    Outcome streamed = outcome(() -> Json.requiredTextField(bytes, "text", EXAMPLE));
    Outcome tree = outcome(() -> Json.requiredText(Json.parse(bytes, EXAMPLE), "text", EXAMPLE));

    assertThat(streamed).isEqualTo(tree);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"text\": 42}", "{\"text\": \"   \"}", "{\"text\": \"a\"} trailing"})
  void errorMessagesSayWhatToSend(String body) {
    assertThatThrownBy(
            () -> Json.requiredTextField(body.getBytes(StandardCharsets.UTF_8), "text", EXAMPLE))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("send e.g. " + EXAMPLE);
  }

  /** What a reader answered: the text, or the error's status and kind. */
  private record Outcome(String text, int status, String kind) {}

  private static Outcome outcome(Supplier<String> read) {
    try {
      return new Outcome(read.get(), 0, null);
    } catch (ApiException e) {
      return new Outcome(null, e.status().getCode(), e.kind());
    }
  }
}
