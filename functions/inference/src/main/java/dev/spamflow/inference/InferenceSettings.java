package dev.spamflow.inference;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The service's settings, typed once at the edge from Micronaut's configuration ({@code
 * application.yml} maps the environment variables; its values are the defaults).
 *
 * @param modelDirectory a bundle folder or zip to serve instead of the registry's alias
 * @param alias the registry alias followed, e.g. {@code champion}
 * @param challengerAlias the alias the canary's challenger follows
 * @param pollInterval how often the registry is polled for alias moves; zero turns polling off
 * @param batchLimit the most texts one batch request may hold
 * @param maxBodyBytes the largest request body accepted
 * @param explainTokens how many tokens an explanation lists
 * @param downloadDirectory where registry versions are unpacked while loading
 */
public record InferenceSettings(
    Optional<Path> modelDirectory,
    String alias,
    String challengerAlias,
    Duration pollInterval,
    int batchLimit,
    int maxBodyBytes,
    int explainTokens,
    Path downloadDirectory) {

  /**
   * Validates the settings.
   *
   * @throws IllegalArgumentException naming the setting that is out of range
   */
  public InferenceSettings {
    Objects.requireNonNull(modelDirectory, "modelDirectory");
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(challengerAlias, "challengerAlias");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(downloadDirectory, "downloadDirectory");
    if (batchLimit < 1) {
      throw new IllegalArgumentException("spamflow.inference.batch-limit must be at least 1");
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("micronaut.server.max-request-size must be positive");
    }
    if (explainTokens < 1) {
      throw new IllegalArgumentException("spamflow.inference.explain-tokens must be at least 1");
    }
    if (pollInterval.isNegative()) {
      throw new IllegalArgumentException("spamflow.inference.poll-interval must not be negative");
    }
  }
}
