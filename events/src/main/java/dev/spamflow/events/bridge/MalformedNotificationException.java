package dev.spamflow.events.bridge;

/**
 * A notification body that is not S3-style JSON; the message names the field that is missing or
 * wrong (e.g. {@code Records[0].s3.object.key}), so the sender's operator can fix it.
 */
public final class MalformedNotificationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; {@code reason} names the field and what is wrong with it. */
  public MalformedNotificationException(String reason) {
    super(reason);
  }

  /** Creates the exception; {@code reason} names the field and what is wrong with it. */
  public MalformedNotificationException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
