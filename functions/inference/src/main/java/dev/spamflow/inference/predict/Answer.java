package dev.spamflow.inference.predict;

import dev.spamflow.core.serving.Prediction;
import java.util.List;

/**
 * One answered prediction.
 *
 * @param prediction label, confidence and spam probability
 * @param modelName the model that answered
 * @param modelVersion its version
 * @param slot {@code champion}, or {@code challenger} when the canary routed the text there
 * @param explanation the tokens that moved the score most; empty unless asked for
 */
public record Answer(
    Prediction prediction,
    String modelName,
    String modelVersion,
    String slot,
    List<TokenEffect> explanation) {}
