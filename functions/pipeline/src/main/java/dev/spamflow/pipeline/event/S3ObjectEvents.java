package dev.spamflow.pipeline.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamflow.events.EventTypes;
import dev.spamflow.pipeline.ObjectCreated;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import java.io.IOException;

/**
 * Reads the S3-style events the minio-bridge emits (CloudEvents S3 adapter spec): the object key is
 * the subject, already URL-decoded, and the data is the S3 notification record.
 */
public final class S3ObjectEvents {
  /** The type prefix of every object-created event, whatever the S3 operation. */
  public static final String OBJECT_CREATED_PREFIX = EventTypes.S3_PREFIX + "ObjectCreated:";

  private static final ObjectMapper JSON = new ObjectMapper();

  private S3ObjectEvents() {}

  /**
   * Returns what a stage is told about an object-created event: the key from the subject, bucket,
   * ETag and size from the record when it has them (the bucket otherwise from the source, {@code
   * minio:s3.<region>.<bucket>}).
   *
   * @throws InvalidEventException if the event is not an object-created event, has no subject, or
   *     its data is not a JSON record
   */
  public static ObjectCreated toObjectCreated(CloudEvent event) {
    if (event.getType() == null || !event.getType().startsWith(OBJECT_CREATED_PREFIX)) {
      throw new InvalidEventException(
          StageEventHandler.describe(event)
              + " is not an object-created event ("
              + OBJECT_CREATED_PREFIX
              + "*)");
    }
    String key = event.getSubject();
    if (key == null || key.isBlank()) {
      throw new InvalidEventException(
          StageEventHandler.describe(event) + " has no subject (object key)");
    }
    JsonNode record = JSON.createObjectNode();
    CloudEventData data = event.getData();
    if (data != null) {
      try {
        record = JSON.readTree(data.toBytes());
      } catch (IOException e) {
        throw new InvalidEventException(
            StageEventHandler.describe(event) + " carries no JSON S3 record: " + e.getMessage(), e);
      }
    }
    String source = event.getSource().toString();
    String fallbackBucket = source.substring(source.lastIndexOf('.') + 1);
    String bucket = record.path("s3").path("bucket").path("name").asText(fallbackBucket);
    JsonNode object = record.path("s3").path("object");
    return new ObjectCreated(
        bucket, key, object.path("eTag").asText(""), object.path("size").asLong(-1));
  }
}
