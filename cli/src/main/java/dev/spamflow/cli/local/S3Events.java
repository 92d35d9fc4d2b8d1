package dev.spamflow.cli.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spamflow.core.port.ObjectInfo;
import dev.spamflow.events.EventTypes;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The S3-style {@code ObjectCreated} events a local run publishes itself, shaped as the MinIO
 * bridge shapes them (CloudEvents S3 adapter spec), so the stages see the same events as on the
 * cluster.
 */
public final class S3Events {
  private static final ObjectMapper JSON = new ObjectMapper();

  private S3Events() {}

  /**
   * Returns a {@code com.amazonaws.s3.ObjectCreated:Put} event for an object just written: subject
   * the key, source {@code minio:s3..<bucket>} (no region locally), data the S3 record.
   *
   * @param bucket the bucket name
   * @param object the object written
   * @return the event
   */
  public static CloudEvent objectCreated(String bucket, ObjectInfo object) {
    ObjectNode record = JSON.createObjectNode();
    record.put("eventVersion", "2.0");
    record.put("eventSource", "minio:s3");
    record.put("awsRegion", "");
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    record.put("eventTime", now.toString());
    record.put("eventName", "s3:ObjectCreated:Put");
    ObjectNode s3 = record.putObject("s3");
    s3.putObject("bucket").put("name", bucket);
    ObjectNode objectNode = s3.putObject("object");
    // S3 stores form-encode keys in records; the subject carries the decoded key.
    objectNode.put("key", URLEncoder.encode(object.key(), StandardCharsets.UTF_8));
    objectNode.put("eTag", object.etag());
    objectNode.put("size", object.size());
    byte[] data;
    try {
      data = JSON.writeValueAsBytes(record);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise the S3 record of " + object.key(), e);
    }
    return CloudEventBuilder.v1()
        // Every put is a new S3 request, so every event gets a new id, as MinIO's would.
        .withId("local." + UUID.randomUUID())
        .withType(EventTypes.S3_OBJECT_CREATED_PUT)
        .withSource(URI.create("minio:s3.." + bucket))
        .withSubject(object.key())
        .withTime(now)
        .withDataContentType("application/json")
        .withData(data)
        .build();
  }
}
