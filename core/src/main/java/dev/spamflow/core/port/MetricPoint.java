package dev.spamflow.core.port;

/**
 * One logged value of a metric.
 *
 * @param step the training step (epoch, trial number) the value belongs to
 * @param value the value
 * @param timestampMillis when it was logged, in milliseconds since the epoch
 */
public record MetricPoint(long step, double value, long timestampMillis) {}
