package dev.spamflow.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spamflow.adapters.fs.FileSystemModelRegistry;
import dev.spamflow.inference.TestBundles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bundle load begun before the framework answers the first load of that bundle, once. */
class BundlePreloadTest {

  @TempDir Path dir;

  @Test
  void theFirstLoadOfThePreloadedBundleTakesItsResultAndLaterOnesReadAnew() throws Exception {
    Path bundle = TestBundles.saved(dir.resolve("bundle"));
    BundlePreload preload = BundlePreload.start(bundle);
    ModelLoader loader = loader(Optional.of(preload));

    // Named another way (relative, with a dot segment): still the same bundle.
    Path sameBundle = Path.of("").toAbsolutePath().relativize(bundle.resolve(".").toAbsolutePath());
    LoadedModel first = loader.fromBundle(sameBundle);
    LoadedModel second = loader.fromBundle(bundle);

    assertThat(first.predictor()).isSameAs(preload.await().predictor());
    assertThat(first.loadTime()).isEqualTo(preload.await().took()).isPositive();
    assertThat(second.predictor()).isNotSameAs(first.predictor());
    assertThat(second.version()).isEqualTo(first.version());
    assertThat(second.predictor().spamProbability("WINNER! Claim your £1000 prize now"))
        .isEqualTo(first.predictor().spamProbability("WINNER! Claim your £1000 prize now"));
  }

  @Test
  void anotherBundleIsLoadedAsIfThereWereNoPreload() throws Exception {
    BundlePreload preload = BundlePreload.start(TestBundles.saved(dir.resolve("preloaded")));
    Path other = TestBundles.withThreshold(dir.resolve("other"), 0.42);

    LoadedModel loaded = loader(Optional.of(preload)).fromBundle(other);

    assertThat(loaded.predictor()).isNotSameAs(preload.await().predictor());
    assertThat(loaded.predictor().threshold()).isEqualTo(0.42);
  }

  @Test
  void aFailedPreloadFailsTheFirstLoadWithTheLoadsOwnError() {
    Path corrupt = TestBundles.corrupt(dir.resolve("corrupt"));
    BundlePreload preload = BundlePreload.start(corrupt);
    ModelLoader loader = loader(Optional.of(preload));

    // The file named once, then what is wrong with it.
    assertThatThrownBy(() -> loader.fromBundle(corrupt))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(corrupt.resolve("weights.bin") + ": checksum mismatch");
    // Without a preload the same bundle fails the same way.
    assertThatThrownBy(() -> loader(Optional.empty()).fromBundle(corrupt))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(corrupt.resolve("weights.bin").toString());
  }

  private ModelLoader loader(Optional<BundlePreload> preload) {
    // Bundles are loaded from folders here; the registry is never asked.
    return new ModelLoader(
        new FileSystemModelRegistry(dir.resolve("registry")),
        dir.resolve("downloads"),
        Clock.systemUTC(),
        preload);
  }
}
