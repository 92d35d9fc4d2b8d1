package dev.spamflow.events;

/**
 * An event whose type or data does not follow the contract: a consumer answers it with a client
 * error (400) rather than retrying, since the same bytes will fail again.
 */
public final class EventDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the event and what is wrong. */
  public EventDataException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Creates the exception with a message naming the event and what is wrong. */
  public EventDataException(String message) {
    super(message);
  }
}
