/**
 * Finding chains a crash or a lost event left unfinished, from what the stages wrote, so a host can
 * resume them ({@link dev.spamflow.pipeline.recovery.PipelineProgress}).
 */
package dev.spamflow.pipeline.recovery;
