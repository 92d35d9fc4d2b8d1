package dev.spamflow.inference.canary;

/**
 * A snapshot of the canary, for metrics.
 *
 * @param percent the configured share of texts for the challenger, 0 to 100
 * @param rolledBack whether the challenger version on trial was rolled back (no text goes to it any
 *     more)
 * @param champion what the champion served
 * @param challenger what the challenger version on trial served
 */
public record CanaryStats(
    int percent, boolean rolledBack, ArmStats champion, ArmStats challenger) {}
