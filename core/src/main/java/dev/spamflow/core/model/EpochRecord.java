package dev.spamflow.core.model;

/**
 * Figures of one training epoch.
 *
 * @param epoch 1-based epoch number
 * @param trainLoss mean cross-entropy over the epoch's mini-batches
 * @param validationLoss mean cross-entropy on the validation split
 * @param validationF1 spam F1 on validation at threshold 0.5 (the tuned threshold comes later)
 * @param validationRocAuc ROC-AUC on validation
 * @param millis wall-clock time of the epoch, validation included
 * @param best whether this epoch has the lowest validation loss so far (the one kept)
 */
public record EpochRecord(
    int epoch,
    double trainLoss,
    double validationLoss,
    double validationF1,
    double validationRocAuc,
    long millis,
    boolean best) {}
