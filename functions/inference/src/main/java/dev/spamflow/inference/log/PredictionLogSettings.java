package dev.spamflow.inference.log;

import java.time.Duration;
import java.util.Objects;

/**
 * How the {@link PredictionLog} queues, batches and retries.
 *
 * <p>Memory is bounded by {@code queueCapacity} records plus one batch being written: while the
 * store is failing, the writer keeps retrying its current batch and takes nothing new, so the queue
 * fills and further records are dropped (and counted) instead of piling up.
 *
 * @param queueCapacity records that may wait for the writer; an offer beyond it is dropped
 * @param batchSize records per batch at most: a full batch is written at once
 * @param maxDelay the longest a record waits for its batch to fill before the batch is written
 * @param initialBackoff the pause after a failed write, doubled after each further failure
 * @param maxBackoff the longest pause between two tries of the same batch
 * @param closeTimeout how long {@link PredictionLog#close()} keeps trying to write what is queued
 */
public record PredictionLogSettings(
    int queueCapacity,
    int batchSize,
    Duration maxDelay,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration closeTimeout) {

  /**
   * Ten thousand queued records (a few MB of SMS), objects of up to a thousand records written at
   * least every ten seconds, retries from half a second up to thirty seconds, and ten seconds to
   * flush at shutdown (Knative's default grace period is thirty).
   */
  public static final PredictionLogSettings DEFAULTS =
      new PredictionLogSettings(
          10_000,
          1_000,
          Duration.ofSeconds(10),
          Duration.ofMillis(500),
          Duration.ofSeconds(30),
          Duration.ofSeconds(10));

  /**
   * Validates the arguments.
   *
   * @throws NullPointerException if a duration is null
   * @throws IllegalArgumentException if a size is not positive, {@code batchSize} exceeds {@code
   *     queueCapacity}, a duration is not positive, or {@code maxBackoff < initialBackoff}
   */
  public PredictionLogSettings {
    Objects.requireNonNull(maxDelay, "maxDelay");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(closeTimeout, "closeTimeout");
    if (queueCapacity < 1 || batchSize < 1 || batchSize > queueCapacity) {
      throw new IllegalArgumentException(
          "need 1 <= batchSize <= queueCapacity: batchSize="
              + batchSize
              + ", queueCapacity="
              + queueCapacity);
    }
    requirePositive(maxDelay, "maxDelay");
    requirePositive(initialBackoff, "initialBackoff");
    requirePositive(closeTimeout, "closeTimeout");
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff must not be below initialBackoff");
    }
  }

  /** The same settings with another queue capacity. */
  public PredictionLogSettings withQueueCapacity(int otherQueueCapacity) {
    return new PredictionLogSettings(
        otherQueueCapacity, batchSize, maxDelay, initialBackoff, maxBackoff, closeTimeout);
  }

  /** The same settings with another batch size. */
  public PredictionLogSettings withBatchSize(int otherBatchSize) {
    return new PredictionLogSettings(
        queueCapacity, otherBatchSize, maxDelay, initialBackoff, maxBackoff, closeTimeout);
  }

  /** The same settings with another maximum delay. */
  public PredictionLogSettings withMaxDelay(Duration otherMaxDelay) {
    return new PredictionLogSettings(
        queueCapacity, batchSize, otherMaxDelay, initialBackoff, maxBackoff, closeTimeout);
  }

  /** The same settings with other back-off pauses. */
  public PredictionLogSettings withBackoff(Duration otherInitial, Duration otherMax) {
    return new PredictionLogSettings(
        queueCapacity, batchSize, maxDelay, otherInitial, otherMax, closeTimeout);
  }

  /** The same settings with another close timeout. */
  public PredictionLogSettings withCloseTimeout(Duration otherCloseTimeout) {
    return new PredictionLogSettings(
        queueCapacity, batchSize, maxDelay, initialBackoff, maxBackoff, otherCloseTimeout);
  }

  private static void requirePositive(Duration duration, String name) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + duration);
    }
  }
}
