package dev.spamflow.inference.model;

import dev.spamflow.core.serving.SpamPredictor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The load of a fixed bundle, started before the service's framework: {@link
 * dev.spamflow.inference.InferenceServer#start} begins it on a thread of its own, and the first
 * {@link ModelLoader#fromBundle} of the same bundle takes its result instead of loading again.
 *
 * <p>Why: on a cold start the bundle load (manifest, checksums, weights; ~0.25 s in a fresh JVM)
 * waited for Micronaut to create the model watcher, ~0.2 s after the process started; begun at
 * once, it runs on the second core while Micronaut starts on the first (docs/benchmarks.md,
 * "Start-up of spamflow serve"). The result is taken once: a later load of the same folder reads it
 * anew. A failed preload fails that first load with the same error, so the slot reports it as it
 * would any other.
 */
public final class BundlePreload {

  /** A finished load: the predictor and how long reading it took. */
  record Loaded(SpamPredictor predictor, Duration took) {}

  private final Path bundle;
  private final CompletableFuture<Loaded> result;
  private final AtomicBoolean taken = new AtomicBoolean();

  private BundlePreload(Path bundle, CompletableFuture<Loaded> result) {
    this.bundle = bundle;
    this.result = result;
  }

  /**
   * Starts loading a bundle on a daemon thread.
   *
   * @param bundle a bundle folder or zip
   * @return the load in progress
   */
  public static BundlePreload start(Path bundle) {
    Path absolute = Objects.requireNonNull(bundle, "bundle").toAbsolutePath().normalize();
    CompletableFuture<Loaded> future = new CompletableFuture<>();
    Thread.ofPlatform()
        .name("spamflow-bundle-preload")
        .daemon()
        .start(
            () -> {
              long started = System.nanoTime();
              try {
                SpamPredictor predictor = SpamPredictor.load(absolute);
                future.complete(
                    new Loaded(predictor, Duration.ofNanos(System.nanoTime() - started)));
              } catch (IOException | RuntimeException e) {
                future.completeExceptionally(e);
              }
            });
    return new BundlePreload(absolute, future);
  }

  /** Returns the bundle being loaded, absolute and normalised. */
  public Path bundle() {
    return bundle;
  }

  /**
   * Returns whether this preload answers a load of {@code candidate} and has not been taken yet;
   * when true, the caller must {@link #await()} it.
   */
  boolean claim(Path candidate) {
    return bundle.equals(candidate.toAbsolutePath().normalize())
        && taken.compareAndSet(false, true);
  }

  /**
   * Waits for the load.
   *
   * @return the loaded predictor and how long the load took
   * @throws IOException the load's own error, naming the file at fault
   */
  Loaded await() throws IOException {
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while loading " + bundle, e);
    } catch (ExecutionException e) {
      switch (e.getCause()) {
        case IOException io -> throw io;
        case UncheckedIOException unchecked -> throw unchecked.getCause();
        case RuntimeException runtime -> throw runtime;
        case Error error -> throw error;
        default -> throw new IOException(bundle + ": " + e.getCause().getMessage(), e.getCause());
      }
    }
  }
}
