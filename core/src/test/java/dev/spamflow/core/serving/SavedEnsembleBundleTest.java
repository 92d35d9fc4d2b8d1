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
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Saved ensemble bundles (the LSTM and the n-gram half, trained by the cross-validated protocol)
 * must keep loading and scoring exactly as they did when they were written ({@link
 * SavedBundleWriter}): {@code bundles/sms-small-v2} (format 2) and {@code bundles/sms-small-v3}
 * (format 3: the n-gram half with its message-shape block). A change to the n-gram hashing, the
 * TF-IDF weighting, the shape bins, the combiner or the file formats fails here: bump the format
 * version and keep reading these.
 */
class SavedEnsembleBundleTest {

  /**
   * One saved bundle.
   *
   * @param name its directory under {@code bundles/}
   * @param formatVersion the format it was written in
   * @param contentHash the hash of the training data as that build recorded it
   */
  record Saved(String name, int formatVersion, Function<LoadedDataset, String> contentHash) {
    Path directory() throws Exception {
      return Path.of(
              SavedEnsembleBundleTest.class
                  .getResource("/bundles/" + name + "/bundle.json")
                  .toURI())
          .getParent();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Saved> bundles() {
    return Stream.of(
        // The format-2 bundle predates the shared content hash and recorded the sorted-digest one.
        new Saved("sms-small-v2", 2, dataset -> SortedDigestHash.of(dataset.messages())),
        new Saved("sms-small-v3", 3, LoadedDataset::contentHash));
  }

  @ParameterizedTest
  @MethodSource("bundles")
  void loadsAsAnEnsembleWithItsAccount(Saved saved) throws Exception {
    SpamPredictor predictor = SpamPredictor.load(saved.directory());
    BundleManifest manifest = predictor.manifest();

    assertThat(manifest.formatVersion()).isEqualTo(saved.formatVersion());
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

  @ParameterizedTest
  @MethodSource("bundles")
  void scoresAsWhenItWasWritten(Saved saved) throws Exception {
    SpamPredictor predictor = SpamPredictor.load(saved.directory());
    LoadedDataset sms = DatasetLoader.load(List.of(TestData.sms()));
    assertThat(saved.contentHash().apply(sms)).isEqualTo(predictor.manifest().data().contentHash());
    List<String> expected =
        Files.readAllLines(
            saved.directory().resolveSibling(SavedBundleWriter.expectedFile(saved.name())),
            StandardCharsets.UTF_8);
    List<Message> messages = SavedBundleWriter.pinned(sms, predictor.manifest());

    assertThat(expected).hasSize(SavedBundleWriter.PINNED);
    for (int i = 0; i < messages.size(); i++) {
      // Within 1e-12, not bit for bit: the n-gram margin of the format-2 bundle is now summed
      // block by block (no merged vector), which moves the last bits; any change to features,
      // weights or the format moves far more.
      assertThat(predictor.spamProbability(messages.get(i).text()))
          .as(messages.get(i).text())
          .isCloseTo(Double.parseDouble(expected.get(i)), within(1e-12));
    }
  }

  @Test
  void theCurrentFormatIsPinned() {
    assertThat(bundles().mapToInt(Saved::formatVersion).max().orElseThrow())
        .as("a saved bundle of this build's format (run SavedBundleWriter)")
        .isEqualTo(BundleManifest.FORMAT_VERSION);
  }

  @Test
  void aCorruptWeightsFileIsNamedOnceThenWhatIsWrong(@TempDir Path temp) throws Exception {
    Path copy = temp.resolve("bundle");
    Files.createDirectories(copy);
    try (var files = Files.list(bundles().findFirst().orElseThrow().directory())) {
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
