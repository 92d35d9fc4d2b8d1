package dev.spamflow.inference.model;

import dev.spamflow.core.serving.SpamPredictor;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A model ready to serve; immutable, so a request that picked it up keeps a consistent model even
 * while a newer one is swapped in.
 *
 * @param name the registered model name, e.g. {@code spam-detector}
 * @param version the registry version, or {@code bundle-<hash>} for a bundle folder
 * @param source where it came from, for logs and the model metadata endpoint
 * @param predictor the lean forward pass over the bundle
 * @param loadedAt when loading finished
 * @param loadTime how long loading (download included) took
 */
public record LoadedModel(
    String name,
    String version,
    String source,
    SpamPredictor predictor,
    Instant loadedAt,
    Duration loadTime) {

  /** Checks the arguments. */
  public LoadedModel {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(predictor, "predictor");
    Objects.requireNonNull(loadedAt, "loadedAt");
    Objects.requireNonNull(loadTime, "loadTime");
  }
}
