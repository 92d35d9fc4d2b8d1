package dev.spamflow.core.predictions;

import dev.spamflow.core.text.Features;
import dev.spamflow.core.text.TextFeatures;
import java.time.Instant;
import java.util.Objects;

/**
 * One answered prediction, as the service hands it to the {@link PredictionLog}.
 *
 * <p>The text's features come from the same {@link TextFeatures#analyse} call that tokenised the
 * text for the model, so the writer thread only formats them and no text is tokenised twice.
 *
 * @param text the text as the client sent it
 * @param spamProbability the model's spam probability, 0 to 1
 * @param label the answer given, {@code spam} or {@code ham}
 * @param modelName the registered model that answered
 * @param modelVersion its version
 * @param time when the prediction was made; its UTC date chooses the log's {@code date=} folder
 * @param tokenCount how many tokens {@link TextFeatures#analyse} found in the text (before the
 *     model's maximum length cuts them)
 * @param features the text's features from the same analysis
 */
public record PredictionRecord(
    String text,
    double spamProbability,
    String label,
    String modelName,
    String modelVersion,
    Instant time,
    int tokenCount,
    Features features) {

  /**
   * Validates the arguments.
   *
   * @throws NullPointerException if any reference is null
   * @throws IllegalArgumentException if {@code spamProbability} is not within 0 to 1 or {@code
   *     tokenCount} is negative
   */
  public PredictionRecord {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(features, "features");
    // Written this way round so that NaN fails too.
    if (!(spamProbability >= 0.0 && spamProbability <= 1.0)) {
      throw new IllegalArgumentException(
          "spamProbability must be within 0 to 1: " + spamProbability);
    }
    if (tokenCount < 0) {
      throw new IllegalArgumentException("tokenCount must not be negative: " + tokenCount);
    }
  }
}
