package dev.spamflow.core.model;

/**
 * Figures of one training epoch. In a format-2 bundle an epoch is one of the cross-validation, and
 * the "validation" figures are the LSTM's out-of-fold ones over every development message (format
 * 1: on the validation split).
 *
 * @param epoch 1-based epoch number
 * @param trainLoss mean cross-entropy over the epoch's mini-batches (averaged over the folds)
 * @param validationLoss mean cross-entropy out of fold
 * @param validationF1 spam F1 out of fold at threshold 0.5 (the tuned threshold comes later)
 * @param validationRocAuc ROC-AUC out of fold
 * @param millis wall-clock time of the epoch, scoring included
 * @param best whether this epoch has the lowest out-of-fold loss so far
 */
public record EpochRecord(
    int epoch,
    double trainLoss,
    double validationLoss,
    double validationF1,
    double validationRocAuc,
    long millis,
    boolean best) {}
