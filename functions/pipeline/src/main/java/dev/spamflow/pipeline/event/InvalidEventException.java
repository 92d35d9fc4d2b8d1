package dev.spamflow.pipeline.event;

/**
 * The event is not one the stage can take: a type it does not handle, no subject, a subject outside
 * the stage's keys, or data that does not form the type's record. Sending it again cannot help, so
 * an HTTP host answers 400 with the message.
 */
public class InvalidEventException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with the reason a caller reads. */
  public InvalidEventException(String message) {
    super(message);
  }

  /** Creates the exception with the reason a caller reads and its cause. */
  public InvalidEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
