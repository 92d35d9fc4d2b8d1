/**
 * Batch scoring: any accepted input file, labelled or not, through one model into date-partitioned
 * Parquet under {@code scores/} ({@link BatchScorer}); the command line and the Tekton step are
 * hosts of it.
 */
package dev.spamflow.pipeline.score;
