package dev.spamflow.events;

import java.util.Arrays;
import java.util.Optional;

/** Each spamflow event type with its data record and the classpath location of its JSON Schema. */
public enum EventType {
  DATASET_INGESTED(EventTypes.DATASET_INGESTED, DatasetIngested.class),
  DATASET_CURATED(EventTypes.DATASET_CURATED, DatasetCurated.class),
  MODEL_TRAINED(EventTypes.MODEL_TRAINED, ModelTrained.class),
  MODEL_PROMOTED(EventTypes.MODEL_PROMOTED, ModelPromoted.class),
  MODEL_REJECTED(EventTypes.MODEL_REJECTED, ModelRejected.class),
  DRIFT_DETECTED(EventTypes.DRIFT_DETECTED, DriftDetected.class);

  private final String type;
  private final Class<? extends SpamflowEventData> dataClass;

  EventType(String type, Class<? extends SpamflowEventData> dataClass) {
    this.type = type;
    this.dataClass = dataClass;
  }

  /** Returns the CloudEvent {@code type} attribute, e.g. {@code dev.spamflow.model.trained}. */
  public String type() {
    return type;
  }

  /** Returns the record the event's {@code data} deserialises to. */
  public Class<? extends SpamflowEventData> dataClass() {
    return dataClass;
  }

  /**
   * Returns the classpath resource of the JSON Schema (draft 2020-12) for the event's data; the
   * same file lives at {@code events/schemas/<type>.json} in the source tree.
   */
  public String schemaResource() {
    return "/dev/spamflow/events/schemas/" + type + ".json";
  }

  /** Returns the event type whose CloudEvent {@code type} is {@code type}, or empty if none is. */
  public static Optional<EventType> of(String type) {
    return Arrays.stream(values()).filter(t -> t.type.equals(type)).findFirst();
  }
}
