/**
 * Feedback labels as training data: which reports a retraining takes, read with ingest's reader,
 * deduplicated against the corpus and capped.
 */
package dev.spamflow.pipeline.feedback;
