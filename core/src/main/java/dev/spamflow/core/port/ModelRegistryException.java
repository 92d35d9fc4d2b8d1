package dev.spamflow.core.port;

/**
 * An {@link ExperimentTracker} or {@link ModelRegistry} operation failed: the registry was
 * unreachable after the adapter's retries, refused the request, or the local file system failed.
 * The message names the operation.
 */
public class ModelRegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that names the operation. */
  public ModelRegistryException(String message) {
    super(message);
  }

  /** Creates an exception with a message that names the operation, and its cause. */
  public ModelRegistryException(String message, Throwable cause) {
    super(message, cause);
  }
}
