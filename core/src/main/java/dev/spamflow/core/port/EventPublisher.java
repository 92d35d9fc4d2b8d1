package dev.spamflow.core.port;

import io.cloudevents.CloudEvent;

/**
 * Sends CloudEvents to the broker (a Knative Broker through {@code K_SINK}, or the in-process
 * broker of a local run).
 *
 * <p>Delivery is at least once: when {@link #publish} returns, the broker has accepted the event; a
 * retried publish may deliver it twice, so consumers deduplicate by event id. Every attribute and
 * extension of the event, and its data bytes, arrive unchanged, except for extensions the
 * deployment overrides on purpose ({@code K_CE_OVERRIDES}). Implementations are safe for concurrent
 * use.
 */
public interface EventPublisher {
  /**
   * Publishes {@code event} and returns once the broker has accepted it.
   *
   * @throws EventPublishException if the broker could not be reached or refused the event after the
   *     adapter's retries
   * @throws NullPointerException if {@code event} is null
   */
  void publish(CloudEvent event);
}
