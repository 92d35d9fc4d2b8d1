package dev.spamflow.core.port;

/**
 * An {@link ObjectStore} operation failed: the store was unreachable after the adapter's retries,
 * refused the request, or the local file system failed. The message names the operation and key.
 */
public class ObjectStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that names the operation and key. */
  public ObjectStoreException(String message) {
    super(message);
  }

  /** Creates an exception with a message that names the operation and key, and its cause. */
  public ObjectStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
