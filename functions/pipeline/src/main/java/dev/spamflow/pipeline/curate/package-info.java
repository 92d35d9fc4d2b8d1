/**
 * The curate stage: a raw dataset becomes cleaned, featured train/validation/test Parquet parts.
 */
package dev.spamflow.pipeline.curate;
