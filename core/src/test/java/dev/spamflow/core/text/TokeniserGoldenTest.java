package dev.spamflow.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.core.data.DatasetLoader;
import dev.spamflow.core.data.Message;
import dev.spamflow.core.data.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pins what the tokeniser and the features make of every message of both data sets: a model is only
 * as good as the agreement between the tokens it was trained on and those it serves, so a change
 * here — even a speed-up that should change nothing — must show. The digests were taken with the
 * implementation that trained the saved bundles; if a change is meant to alter tokens, the saved
 * bundles must be retrained with it and the digests updated in the same commit.
 */
class TokeniserGoldenTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "sms, 5158, 6af43189ab35f392f5f895f7e20917c6d3bf6c6223a03d7795e84f5f4ae766d7",
    "email, 8039, 9f70ec26336f4832a4e7ec25eb9849c8a7ecd29b30775ea967bc2ce7a9dbfeae",
  })
  void tokensAndFeaturesOfEveryMessageAreUnchanged(String dataSet, int count, String digest)
      throws IOException, NoSuchAlgorithmException {
    Path file = dataSet.equals("sms") ? TestData.sms() : TestData.email();
    List<Message> messages = DatasetLoader.load(List.of(file)).messages();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (Message message : messages) {
      TextFeatures.Analysis analysis = TextFeatures.analyse(message.text());
      assertThat(TextFeatures.tokens(message.text()))
          .as("tokens() and analyse() of %s", message.text())
          .isEqualTo(analysis.tokens());
      sha.update(String.join("\u0001", analysis.tokens()).getBytes(StandardCharsets.UTF_8));
      sha.update(("\u0002" + analysis.features() + "\u0003").getBytes(StandardCharsets.UTF_8));
    }

    assertThat(messages.size()).isEqualTo(count);
    assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo(digest);
  }
}
