/**
 * Text cleaning, tokenising, hand-made features and the vocabulary: one implementation shared by
 * training, serving and drift detection so that all three see the same numbers.
 */
package dev.spamflow.core.text;
