package dev.spamflow.core.serving;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spamflow.core.text.TextFeatures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged or foreign bundle fails to load with a message naming the file at fault. */
class BundleFilesTest {

  @TempDir Path temp;

  private Path copyOfSavedBundle() throws Exception {
    Path copy = temp.resolve("bundle");
    Files.createDirectories(copy);
    try (Stream<Path> files = Files.list(SavedBundleTest.savedBundle())) {
      for (Path file : files.toList()) {
        Files.copy(file, copy.resolve(file.getFileName()));
      }
    }
    return copy;
  }

  @Test
  void missingLocationIsNamed() {
    Path nowhere = temp.resolve("no-such-bundle");

    assertThatThrownBy(() -> SpamPredictor.load(nowhere))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("no-such-bundle");
  }

  @Test
  void editedWeightsFailTheChecksum() throws Exception {
    Path bundle = copyOfSavedBundle();
    byte[] weights = Files.readAllBytes(bundle.resolve("weights.bin"));
    weights[weights.length / 2] ^= 0x01;
    Files.write(bundle.resolve("weights.bin"), weights);

    assertThatThrownBy(() -> SpamPredictor.load(bundle))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("weights.bin")
        .hasMessageContaining("checksum mismatch");
  }

  @Test
  void aModelTrainedOnAnotherTokeniserVersionIsRefusedNamingBoth() throws Exception {
    Path bundle = copyOfSavedBundle();
    Path manifest = bundle.resolve("bundle.json");
    ObjectNode json = (ObjectNode) BundleFiles.JSON.readTree(manifest.toFile());
    json.put("tokeniserVersion", TextFeatures.VERSION + 1);
    Files.write(manifest, BundleFiles.JSON.writeValueAsBytes(json));

    assertThatThrownBy(() -> SpamPredictor.load(bundle))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("bundle.json")
        .hasMessageContaining("tokeniser version " + (TextFeatures.VERSION + 1))
        .hasMessageContaining("retrain");
  }

  @Test
  void missingVocabularyIsNamed() throws Exception {
    Path bundle = copyOfSavedBundle();
    Files.delete(bundle.resolve("vocabulary.txt"));

    assertThatThrownBy(() -> SpamPredictor.load(bundle))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("vocabulary.txt");
  }

  @Test
  void newerFormatVersionIsRefused() throws Exception {
    Path bundle = copyOfSavedBundle();
    Path manifest = bundle.resolve("bundle.json");
    String json = Files.readString(manifest, StandardCharsets.UTF_8);
    Files.writeString(manifest, json.replace("\"formatVersion\" : 1", "\"formatVersion\" : 99"));

    assertThatThrownBy(() -> SpamPredictor.load(bundle))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("bundle.json")
        .hasMessageContaining("format version 99");
  }

  @Test
  void aFileThatIsNotABundleIsNamed() throws Exception {
    Path notAZip = temp.resolve("model.zip");
    Files.writeString(notAZip, "hello");

    assertThatThrownBy(() -> SpamPredictor.load(notAZip))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("model.zip");
  }
}
