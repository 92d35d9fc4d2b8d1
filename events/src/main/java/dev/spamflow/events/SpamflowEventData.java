package dev.spamflow.events;

/**
 * The data of one spamflow event. Each record knows its event type and the CloudEvent {@code
 * subject} it is filed under, so producers cannot pair data with the wrong type.
 */
public sealed interface SpamflowEventData
    permits DatasetIngested,
        DatasetCurated,
        ModelTrained,
        ModelPromoted,
        ModelRejected,
        DriftDetected {
  /** Returns the event type this data belongs to. */
  EventType eventType();

  /** Returns the CloudEvent {@code subject}: what the event is about (a dataset, run or model). */
  String subject();
}
