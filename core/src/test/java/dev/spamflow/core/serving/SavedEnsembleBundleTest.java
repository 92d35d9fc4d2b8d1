package dev.spamflow.core.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.spamflow.core.data.DatasetLoader;
import dev.spamflow.core.data.Label;
import dev.spamflow.core.data.LoadedDataset;
import dev.spamflow.core.data.Message;
import dev.spamflow.core.data.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The saved format-2 bundle ({@code bundles/sms-small-v2}: the LSTM and the n-gram half, trained by
 * the cross-validated protocol) must keep loading and scoring exactly as it did when it was written
 * ({@link SavedBundleWriter}). A change to the n-gram hashing, the TF-IDF weighting, the combiner
 * or the file formats fails here: bump the format version and keep reading this one.
 */
class SavedBundleV2Test {

  static Path savedBundle() throws Exception {
    return Path.of(SavedBundleV2Test.class.getResource("/bundles/sms-small-v2/bundle.json").toURI())
        .getParent();
  }

  @Test
  void loadsAsAnEnsembleWithItsAccount() throws Exception {
    SpamPredictor predictor = SpamPredictor.load(savedBundle());
    BundleManifest manifest = predictor.manifest();

    assertThat(manifest.formatVersion()).isEqualTo(2);
    assertThat(manifest.hasEnsemble()).isTrue();
    assertThat(manifest.thresholdChoice().ceilingSupported()).isTrue();
    assertThat(manifest.refit().messages())
        .isEqualTo(
            manifest.data().trainCount()
                + manifest.data().validationCount()
                + manifest.data().testCount());
    assertThat(
            predictor
                .predict("WINNER!! You have won a £1000 cash prize. Call 09061701461 now")
                .label())
        .isEqualTo(Label.SPAM);
    assertThat(predictor.predict("Ok lar... I'll see you at home tonight, mum").label())
        .isEqualTo(Label.HAM);
  }

  @Test
  void scoresAsWhenItWasWritten() throws Exception {
    SpamPredictor predictor = SpamPredictor.load(savedBundle());
    LoadedDataset sms = DatasetLoader.load(List.of(TestData.sms()));
    // The bundle predates the shared content hash and recorded the sorted-digest one.
    assertThat(SortedDigestHash.of(sms.messages()))
        .isEqualTo(predictor.manifest().data().contentHash());
    List<String> expected =
        Files.readAllLines(
            savedBundle().resolveSibling(SavedBundleWriter.EXPECTED), StandardCharsets.UTF_8);
    List<Message> messages = SavedBundleWriter.pinned(sms, predictor.manifest());

    assertThat(expected).hasSize(SavedBundleWriter.PINNED);
    for (int i = 0; i < messages.size(); i++) {
      // Within 1e-12, not bit for bit: the n-gram margin now sums its two blocks separately (no
      // merged vector), which moves the last bits; any change to features, weights or the format
      // moves far more.
      assertThat(predictor.spamProbability(messages.get(i).text()))
          .as(messages.get(i).text())
          .isCloseTo(Double.parseDouble(expected.get(i)), within(1e-12));
    }
  }

  @Test
  void aCorruptWeightsFileIsNamedOnceThenWhatIsWrong(@TempDir Path temp) throws Exception {
    Path copy = temp.resolve("bundle");
    Files.createDirectories(copy);
    try (var files = Files.list(savedBundle())) {
      for (Path file : files.toList()) {
        Files.copy(file, copy.resolve(file.getFileName()));
      }
    }
    Path weights = copy.resolve(LstmWeights.FILE_NAME);
    byte[] bytes = Files.readAllBytes(weights);
    bytes[bytes.length / 2] ^= 0x5A;
    Files.write(weights, bytes);

    assertThatThrownBy(() -> SpamPredictor.load(copy))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(weights + ": checksum mismatch");
  }
}
