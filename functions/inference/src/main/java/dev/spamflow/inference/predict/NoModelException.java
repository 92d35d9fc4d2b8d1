package dev.spamflow.inference.predict;

/** Thrown when a prediction is asked for before any model has loaded. */
public final class NoModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is missing and what the caller can do
   */
  public NoModelException(String message) {
    super(message);
  }
}
