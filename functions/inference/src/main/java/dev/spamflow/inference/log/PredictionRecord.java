package dev.spamflow.inference.log;

import java.time.Instant;
import java.util.Objects;

/**
 * One answered prediction, as the service hands it to the {@link PredictionLog}.
 *
 * <p>The text's features ({@link dev.spamflow.core.text.TextFeatures#analyse}) are not carried
 * here: the log's writer thread computes them when it writes the record, so the request path pays
 * only for this small object.
 *
 * @param text the text as the client sent it
 * @param spamProbability the model's spam probability, 0 to 1
 * @param label the answer given, {@code spam} or {@code ham}
 * @param modelName the registered model that answered
 * @param modelVersion its version
 * @param time when the prediction was made; its UTC date chooses the log's {@code date=} folder
 */
public record PredictionRecord(
    String text,
    double spamProbability,
    String label,
    String modelName,
    String modelVersion,
    Instant time) {

  /**
   * Validates the arguments.
   *
   * @throws NullPointerException if any reference is null
   * @throws IllegalArgumentException if {@code spamProbability} is not within 0 to 1
   */
  public PredictionRecord {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(time, "time");
    // Written this way round so that NaN fails too.
    if (!(spamProbability >= 0.0 && spamProbability <= 1.0)) {
      throw new IllegalArgumentException(
          "spamProbability must be within 0 to 1: " + spamProbability);
    }
  }
}
