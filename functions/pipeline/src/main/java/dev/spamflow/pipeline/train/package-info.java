/**
 * The train stage: a hyper-parameter search over a curated dataset, each trial a child run in the
 * model registry, whose best bundle becomes the candidate for the register stage.
 */
package dev.spamflow.pipeline.train;
