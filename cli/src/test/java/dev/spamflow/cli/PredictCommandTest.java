package dev.spamflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void classifiesOneTextAsAJsonLine() throws Exception {
    CliRun run =
        CliRun.of(
            "predict",
            "--model",
            CliRun.SAVED_BUNDLE.toString(),
            "--text",
            "URGENT! You have won a 1 week FREE membership in our £100,000 Prize Jackpot! Txt CLAIM to 81010");

    assertThat(run.exitCode()).isZero();
    JsonNode line = JSON.readTree(run.out());
    assertThat(line.get("prediction").asText()).isEqualTo("spam");
    assertThat(line.get("spamProbability").asDouble()).isBetween(0.5, 1.0);
    assertThat(line.get("confidence").asDouble()).isEqualTo(line.get("spamProbability").asDouble());
  }

  @Test
  void classifiesEveryStdinLine() throws Exception {
    InputStream original = System.in;
    String input = "Are we still on for dinner tonight?\nFREE ringtone! Text GO to 8007 now\n";
    CliRun run;
    try {
      System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
      run = CliRun.of("predict", "--model", CliRun.SAVED_BUNDLE.toString());
    } finally {
      System.setIn(original);
    }

    assertThat(run.exitCode()).isZero();
    List<String> lines = run.out().strip().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(JSON.readTree(lines.get(0)).get("prediction").asText()).isEqualTo("ham");
    assertThat(JSON.readTree(lines.get(1)).get("prediction").asText()).isEqualTo("spam");
  }

  @Test
  void unreadableModelIsOneLineNamingTheFile(@TempDir Path temp) throws Exception {
    Path broken = temp.resolve("model");
    Files.createDirectories(broken);
    Files.writeString(broken.resolve("bundle.json"), "{ not json");

    CliRun run = CliRun.of("predict", "--model", broken.toString(), "--text", "hi");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip()).doesNotContain("\n").doesNotContain("\tat ");
    assertThat(run.lastErrLine()).contains(broken.resolve("bundle.json").toString());
  }

  @Test
  void verboseAddsTheStackTrace() {
    CliRun run = CliRun.of("predict", "--verbose", "--model", "/no/such/model", "--text", "hi");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("/no/such/model").contains("\tat ");
  }
}
