package dev.spamflow.devtools.broker;

import java.io.IOException;

/**
 * A delivery the subscriber refused in a way that another try cannot change, such as HTTP 400 for
 * an event it cannot take. The broker dead-letters the event at once instead of retrying, as a
 * Knative Broker does.
 */
public class UnretryableDeliveryException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what the subscriber answered
   */
  public UnretryableDeliveryException(String message) {
    super(message);
  }
}
