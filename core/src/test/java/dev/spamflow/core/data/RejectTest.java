package dev.spamflow.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RejectTest {

  @Test
  void rejectDescribesLikeACompiler() {
    Reject field = new Reject("data.csv", 17, "label", "expected one of x but was \"maybe\"");
    Reject row = new Reject("data.jsonl", 3, Reject.WHOLE_ROW, "malformed JSON: oops");

    assertThat(field.describe())
        .isEqualTo("data.csv:17: field 'label': expected one of x but was \"maybe\"");
    assertThat(row.describe()).isEqualTo("data.jsonl:3: malformed JSON: oops");
  }

  @Test
  void rowsAreOneBased() {
    assertThatThrownBy(() -> new Reject("data.csv", 0, "text", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
