/**
 * The layout of user feedback in the object store: the inference service writes it, the train stage
 * reads it when it retrains, and both use {@link dev.spamflow.core.feedback.FeedbackFormat} so the
 * two cannot disagree.
 */
package dev.spamflow.core.feedback;
