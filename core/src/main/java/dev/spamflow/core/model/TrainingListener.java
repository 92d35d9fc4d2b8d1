package dev.spamflow.core.model;

/**
 * Receives progress while a model trains; every method has a do-nothing default. Calls come from
 * one thread at a time, in order.
 */
public interface TrainingListener {

  /** A listener that ignores everything. */
  TrainingListener NONE = new TrainingListener() {};

  /**
   * Called once before the first epoch.
   *
   * @param maxEpochs the epoch budget
   * @param batchesPerEpoch mini-batches in one epoch
   */
  default void onStart(int maxEpochs, int batchesPerEpoch) {}

  /**
   * Called after every mini-batch.
   *
   * @param epoch 1-based epoch
   * @param batch 1-based batch within the epoch
   * @param loss the batch's training loss
   */
  default void onBatch(int epoch, int batch, double loss) {}

  /**
   * Called after every epoch, once validation has been scored.
   *
   * @param record the epoch's figures
   */
  default void onEpoch(EpochRecord record) {}

  /**
   * Called when training moves on to another phase, or finishes a step of one that has no batches
   * to report (the held-out and the final fit).
   *
   * @param line one line for a person, without a line break
   */
  default void onPhase(String line) {}
}
