/**
 * Drift detection: does a window of recent messages still look like the messages the model learned
 * from? Per-feature tests with Evidently's documented defaults ({@link FeatureDrift}), three
 * embedding methods with a 2-of-3 vote ({@link EmbeddingDrift}), and the report they make ({@link
 * DriftReport}). Plain Java over the serving path's {@code SpamPredictor}: no DL4J, no framework.
 */
package dev.spamflow.core.drift;
