package dev.spamflow.core.port;

/** An online feature store could not be reached or answered with an error. */
public class OnlineFeatureStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, naming the store and the view or entity
   * @param cause the underlying error
   */
  public OnlineFeatureStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
