package dev.spamflow.events.bridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamflow.events.EventTypes;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts an S3-style notification body ({@code {"Records":[…]}}, as MinIO, AWS S3 and other S3
 * stores send it) into CloudEvents, one per record, following the CloudEvents S3 adapter spec:
 *
 * <ul>
 *   <li>{@code type}: {@code com.amazonaws.s3.} + {@code eventName} without its {@code s3:} prefix
 *   <li>{@code source}: {@code minio:s3.<awsRegion>.<bucket>} (the region may be empty)
 *   <li>{@code subject}: the object key, URL-decoded (stores send {@code /} as {@code %2F} and a
 *       space as {@code +})
 *   <li>{@code id}: {@code x-amz-request-id.x-amz-id-2} from {@code responseElements}
 *   <li>{@code time}: {@code eventTime}; {@code data}: the record itself, as JSON
 * </ul>
 *
 * <p>MinIO's extra top-level {@code EventName} and {@code Key} are ignored: the records carry the
 * same facts. An AWS-style test notification ({@code "Event":"s3:TestEvent"}) converts to no
 * events.
 */
public final class S3EventConverter {
  /** The source prefix the S3 adapter spec's {@code aws:s3} becomes for MinIO. */
  public static final String SOURCE_PREFIX = "minio:s3.";

  private static final String S3_EVENT_PREFIX = "s3:";
  private static final String TEST_EVENT = "s3:TestEvent";

  private final ObjectMapper mapper = new ObjectMapper();

  /**
   * Returns one CloudEvent per record of {@code body}, in order; none for a test notification or an
   * empty {@code Records} array.
   *
   * @throws MalformedNotificationException if the body is not JSON, has no {@code Records} array,
   *     or a record lacks a field the event needs (the message names it, e.g. {@code
   *     Records[1].s3.object.key})
   */
  public List<CloudEvent> convert(byte[] body) {
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (JsonProcessingException e) {
      throw new MalformedNotificationException("body is not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new MalformedNotificationException("body is not JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new MalformedNotificationException(
          "body must be a JSON object with a Records array (an S3 event notification)");
    }
    JsonNode records = root.get("Records");
    if (records == null || records.isNull()) {
      if (TEST_EVENT.equals(root.path("Event").asText())) {
        return List.of();
      }
      throw new MalformedNotificationException("Records is missing");
    }
    if (!records.isArray()) {
      throw new MalformedNotificationException("Records must be an array");
    }
    List<CloudEvent> events = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      events.add(toEvent(records.get(i), "Records[" + i + "]"));
    }
    return events;
  }

  private CloudEvent toEvent(JsonNode record, String at) {
    if (!record.isObject()) {
      throw new MalformedNotificationException(at + " must be an object");
    }
    String eventName = text(record, at, "eventName");
    String bucket = text(record, at, "s3", "bucket", "name");
    String encodedKey = text(record, at, "s3", "object", "key");
    String eventTime = text(record, at, "eventTime");
    String region = record.path("awsRegion").asText("");
    String requestId = text(record, at, "responseElements", "x-amz-request-id");
    String hostId = text(record, at, "responseElements", "x-amz-id-2");

    String type =
        EventTypes.S3_PREFIX
            + (eventName.startsWith(S3_EVENT_PREFIX)
                ? eventName.substring(S3_EVENT_PREFIX.length())
                : eventName);
    OffsetDateTime time;
    try {
      time = OffsetDateTime.parse(eventTime);
    } catch (DateTimeParseException e) {
      throw new MalformedNotificationException(
          at + ".eventTime is not an RFC 3339 time: " + eventTime, e);
    }
    return CloudEventBuilder.v1()
        .withId(requestId + "." + hostId)
        .withType(type)
        .withSource(source(region, bucket, at))
        .withSubject(decodeKey(encodedKey, at))
        .withTime(time)
        .withDataContentType("application/json")
        .withData(record.toString().getBytes(StandardCharsets.UTF_8))
        .build();
  }

  private static URI source(String region, String bucket, String at) {
    try {
      // An opaque URI: minio:s3..spamflow when the region is empty, as the spec's aws:s3..bucket.
      return new URI(SOURCE_PREFIX + region + "." + bucket);
    } catch (URISyntaxException e) {
      throw new MalformedNotificationException(
          at + ".awsRegion or " + at + ".s3.bucket.name does not form a URI: " + e.getMessage(), e);
    }
  }

  /**
   * S3 stores form-encode object keys in notifications; decoding restores the key a user uploaded
   * ({@code inbox%2Fmy+file.csv} is {@code inbox/my file.csv}).
   */
  private static String decodeKey(String key, String at) {
    try {
      return URLDecoder.decode(key, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new MalformedNotificationException(
          at + ".s3.object.key is not URL-encoded correctly: " + key, e);
    }
  }

  private static String text(JsonNode record, String at, String... path) {
    JsonNode node = record;
    for (String name : path) {
      node = node.path(name);
    }
    if (!node.isValueNode() || node.isNull() || node.asText().isEmpty()) {
      throw new MalformedNotificationException(
          at + "." + String.join(".", path) + " is missing or empty");
    }
    return node.asText();
  }
}
