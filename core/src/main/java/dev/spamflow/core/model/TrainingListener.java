package dev.spamflow.core.model;

/** Receives progress while a network trains; every method has a do-nothing default. */
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
}
