package dev.spamflow.core.port;

/** The drift record could not be written or read; worth a retry. */
public class DriftRecorderException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, naming the store
   * @param cause the underlying error
   */
  public DriftRecorderException(String message, Throwable cause) {
    super(message, cause);
  }
}
