package dev.spamflow.inference.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamflow.core.data.Label;
import dev.spamflow.core.serving.Prediction;
import dev.spamflow.inference.predict.Answer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-written answer of the plain predict call matches the general one, field for field. */
class BodiesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void thePlainAnswerIsTheDocumentTheGeneralWriterMakes() throws IOException {
    for (Answer answer :
        List.of(
            new Answer(
                new Prediction(Label.SPAM, 0.9731, 0.9731),
                "spam-detector",
                "12",
                "champion",
                List.of()),
            new Answer(
                new Prediction(Label.HAM, 1 - 1.0e-9, 1.0e-9),
                "spam \"detector\"",
                "bundle-ab",
                "challenger",
                List.of()),
            new Answer(
                new Prediction(Label.HAM, 0.5, 0.5),
                "back\\slash\ttab\u0001 naïve \uD83D\uDE00 </script>",
                "1e3",
                "champion",
                List.of()))) {
      byte[] fastBytes = Bodies.answerJson(answer);
      byte[] generalBytes = Json.write(Bodies.answer(answer, false));
      JsonNode fast = JSON.readTree(fastBytes);
      JsonNode general = JSON.readTree(generalBytes);

      assertThat(fast).isEqualTo(general);
      // Byte for byte too, the model object's field order aside (Map.of has none).
      assertThat(fast.toString()).isEqualTo(new String(fastBytes, StandardCharsets.UTF_8));
      assertThat(fast.get("spamProbability").asDouble())
          .isEqualTo(answer.prediction().spamProbability());
    }
  }
}
