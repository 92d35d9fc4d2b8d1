package dev.spamflow.inference.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.core.serving.BundleFiles;
import dev.spamflow.core.serving.BundleManifest;
import dev.spamflow.core.serving.FastLstmClassifier;
import dev.spamflow.core.serving.LstmWeights;
import dev.spamflow.core.serving.SpamPredictor;
import dev.spamflow.inference.TestBundles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A slot swaps in what loads and passes its smoke check, and refuses the rest. */
class ModelSlotTest {

  private final List<String> heard = new ArrayList<>();
  private final SwapListener listener =
      new SwapListener() {
        @Override
        public void swapped(String slot, LoadedModel model, LoadedModel previous) {
          heard.add("swapped " + model.version());
        }

        @Override
        public void refused(String slot, String candidate, RefusalReason reason) {
          heard.add("refused " + candidate + " " + reason);
        }
      };

  @Test
  void swapsInALoadedModel(@TempDir Path dir) {
    ModelSlot slot = new ModelSlot("champion", listener);
    LoadedModel model = load(TestBundles.saved(dir.resolve("b")));

    ModelSlot.SwapOutcome outcome = slot.swap("v1", () -> model);

    assertThat(outcome.accepted()).isTrue();
    assertThat(slot.current()).containsSame(model);
    assertThat(heard).containsExactly("swapped " + model.version());
  }

  @Test
  void refusesWhatFailsToLoadAndKeepsTheOldModel(@TempDir Path dir) {
    ModelSlot slot = new ModelSlot("champion", listener);
    LoadedModel old = load(TestBundles.saved(dir.resolve("old")));
    slot.swap("v1", () -> old);
    Path corrupt = TestBundles.corrupt(dir.resolve("corrupt"));

    ModelSlot.SwapOutcome outcome = slot.swap("v2", () -> loader(dir).fromBundle(corrupt));

    assertThat(outcome.accepted()).isFalse();
    assertThat(outcome.refusal()).isEqualTo(SwapListener.RefusalReason.LOAD_FAILED);
    assertThat(outcome.reason()).contains("checksum mismatch");
    assertThat(slot.current()).containsSame(old);
    assertThat(slot.wasRefused("v2")).isTrue();
    assertThat(heard).containsExactly("swapped " + old.version(), "refused v2 LOAD_FAILED");
  }

  @Test
  void refusesAModelWhoseSmokePredictionIsNotAProbability(@TempDir Path dir) throws IOException {
    Path bundle = TestBundles.saved(dir.resolve("b"));
    BundleFiles files = BundleFiles.open(bundle);
    BundleManifest manifest = files.manifest();
    LstmWeights weights =
        LstmWeights.read(
            new ByteArrayInputStream(files.readVerified(LstmWeights.FILE_NAME, manifest)));
    // Weights that load fine but compute nothing: what a broken export would ship.
    weights.outputBias()[0] = Float.NaN;
    SpamPredictor broken =
        new SpamPredictor(manifest, files.vocabulary(manifest), new FastLstmClassifier(weights));
    ModelSlot slot = new ModelSlot("champion", listener);

    ModelSlot.SwapOutcome outcome =
        slot.swap(
            "nan",
            () ->
                new LoadedModel(
                    "spam-detector", "9", "test", broken, Instant.EPOCH, Duration.ZERO));

    assertThat(outcome.refusal()).isEqualTo(SwapListener.RefusalReason.SMOKE_CHECK_FAILED);
    assertThat(outcome.reason()).contains("not a probability");
    assertThat(slot.ready()).isFalse();
  }

  private static ModelLoader loader(Path dir) {
    // Bundles are loaded from folders here; the registry is never asked.
    return new ModelLoader(
        new dev.spamflow.adapters.fs.FileSystemModelRegistry(dir.resolve("registry")),
        dir.resolve("downloads"),
        Clock.systemUTC());
  }

  private static LoadedModel load(Path bundle) {
    try {
      return loader(bundle.getParent()).fromBundle(bundle);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
