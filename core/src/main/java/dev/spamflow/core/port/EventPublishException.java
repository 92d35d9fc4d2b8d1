package dev.spamflow.core.port;

/**
 * {@link EventPublisher#publish} could not hand an event over: the sink was unreachable or kept
 * refusing it after the adapter's retries. The message names the event's id and type, the sink and
 * the last answer.
 */
public class EventPublishException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; the message names the event, the sink and the last answer. */
  public EventPublishException(String message) {
    super(message);
  }

  /** Creates the exception with the last failure as its cause. */
  public EventPublishException(String message, Throwable cause) {
    super(message, cause);
  }
}
