package dev.spamflow.cli.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spamflow.core.port.ObjectInfo;
import dev.spamflow.events.bridge.S3EventConverter;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The {@code ObjectCreated} events a local run publishes itself: the notification MinIO would send
 * for the object, turned into a CloudEvent by the bridge's own {@link S3EventConverter}, so the
 * stages see exactly the events they see on the cluster.
 */
public final class S3Events {
  /** The {@code x-amz-id-2} (MinIO's host id) of the local store's notifications. */
  static final String HOST_ID = "spamflow-local";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final S3EventConverter CONVERTER = new S3EventConverter();

  private S3Events() {}

  /**
   * Returns the {@code com.amazonaws.s3.ObjectCreated:Put} event for an object just written:
   * subject the key, source {@code minio:s3..<bucket>} (no region locally), data the S3 record.
   *
   * @param bucket the bucket name
   * @param object the object written
   * @return the event
   */
  public static CloudEvent objectCreated(String bucket, ObjectInfo object) {
    return CONVERTER.convert(notification(bucket, object)).getFirst();
  }

  /**
   * Returns the body of MinIO's notification of a put, as its webhook target receives it: {@code
   * EventName}, {@code Key} and one record.
   */
  private static byte[] notification(String bucket, ObjectInfo object) {
    ObjectNode body = JSON.createObjectNode();
    body.put("EventName", "s3:ObjectCreated:Put");
    body.put("Key", bucket + "/" + object.key());
    ObjectNode record = body.putArray("Records").addObject();
    record.put("eventVersion", "2.0");
    record.put("eventSource", "minio:s3");
    record.put("awsRegion", "");
    record.put("eventTime", OffsetDateTime.now(ZoneOffset.UTC).toString());
    record.put("eventName", "s3:ObjectCreated:Put");
    ObjectNode response = record.putObject("responseElements");
    // Every put is a new S3 request, so every event gets a new id, as MinIO's would.
    response.put("x-amz-request-id", UUID.randomUUID().toString());
    response.put("x-amz-id-2", HOST_ID);
    ObjectNode s3 = record.putObject("s3");
    s3.put("s3SchemaVersion", "1.0");
    s3.putObject("bucket").put("name", bucket);
    ObjectNode objectNode = s3.putObject("object");
    // S3 stores form-encode keys in records; the converter decodes them into the subject.
    objectNode.put("key", URLEncoder.encode(object.key(), StandardCharsets.UTF_8));
    objectNode.put("eTag", object.etag());
    objectNode.put("size", object.size());
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise the S3 notification of " + object.key(), e);
    }
  }
}
