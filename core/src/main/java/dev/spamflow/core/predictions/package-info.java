/**
 * The prediction log's layout: the inference service writes it, the drift stage reads it, and both
 * use {@link dev.spamflow.core.predictions.PredictionLogFormat} so the two cannot disagree.
 */
package dev.spamflow.core.predictions;
