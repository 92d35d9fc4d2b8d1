package dev.spamflow.pipeline.train;

/**
 * Another attempt at the same dataset showed it was alive within its lease: this delivery must not
 * train beside it. Worth a retry later (the stages' edge answers 503); by then the other attempt
 * has finished, and the retry finds its result, or has gone silent, and the retry takes it over.
 */
public final class TrainingInProgressException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which dataset, which attempt, how long ago it was alive
   */
  public TrainingInProgressException(String message) {
    super(message);
  }
}
