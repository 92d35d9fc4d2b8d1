package dev.spamflow.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Builds spamflow CloudEvents from data records and reads the records back, with the one JSON
 * mapping every producer and consumer shares.
 *
 * <p>Reading is tolerant: unknown data fields are ignored, so a consumer keeps working while a
 * newer producer adds optional fields. The schemas under {@code events/schemas/} are strict, so a
 * producer's tests catch a misspelt field.
 */
public final class SpamflowEvents {
  /** The content type of every spamflow event's data. */
  public static final String DATA_CONTENT_TYPE = "application/json";

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  private SpamflowEvents() {}

  /** Returns a copy of the JSON mapping the contract uses, for callers that need one. */
  public static ObjectMapper mapper() {
    return MAPPER.copy();
  }

  /**
   * Returns a CloudEvent carrying {@code data}, with its type, subject, JSON content type and the
   * current time.
   *
   * @param source the producer, e.g. {@code /spamflow/ingest}
   * @param id unique per event; derive it from the input (e.g. the source event id and the output
   *     key) so a redelivered input produces the same id and consumers can deduplicate
   * @throws NullPointerException if an argument is null
   */
  public static CloudEvent create(URI source, String id, SpamflowEventData data) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(data, "data");
    return CloudEventBuilder.v1()
        .withId(id)
        .withSource(source)
        .withType(data.eventType().type())
        .withSubject(data.subject())
        .withTime(OffsetDateTime.now(ZoneOffset.UTC))
        .withDataContentType(DATA_CONTENT_TYPE)
        .withData(toJson(data))
        .build();
  }

  /**
   * Returns {@code data} as JSON bytes, as they travel in an event.
   *
   * @throws NullPointerException if {@code data} is null
   */
  public static byte[] toJson(SpamflowEventData data) {
    Objects.requireNonNull(data, "data");
    try {
      return MAPPER.writeValueAsBytes(data);
    } catch (JsonProcessingException e) {
      // Records of strings, numbers, maps and instants always serialise; this is a bug.
      throw new UncheckedIOException("cannot serialise " + data.eventType().type(), e);
    }
  }

  /**
   * Returns the data of {@code event} as the record of its type.
   *
   * @throws EventDataException if the event's type is not {@code expected}, it has no data, or the
   *     data does not form a valid record (the message names the event and the field)
   */
  public static <T extends SpamflowEventData> T read(CloudEvent event, Class<T> expected) {
    Objects.requireNonNull(event, "event");
    EventType type =
        EventType.of(event.getType())
            .filter(t -> t.dataClass().equals(expected))
            .orElseThrow(
                () ->
                    new EventDataException(
                        describe(event)
                            + " is not of the type that carries "
                            + expected.getName()));
    CloudEventData data = event.getData();
    if (data == null) {
      throw new EventDataException(describe(event) + " has no data");
    }
    return expected.cast(fromJson(type, data.toBytes(), describe(event)));
  }

  /**
   * Returns {@code json} read as the data record of {@code type}.
   *
   * @throws EventDataException if the JSON does not form a valid record (the message names the
   *     field)
   */
  public static SpamflowEventData fromJson(EventType type, byte[] json) {
    return fromJson(type, json, type.type() + " data");
  }

  private static SpamflowEventData fromJson(EventType type, byte[] json, String what) {
    SpamflowEventData data;
    try {
      data = MAPPER.readValue(json, type.dataClass());
    } catch (IOException e) {
      // Jackson wraps the record constructor's message, which names the field.
      Throwable cause = e.getCause() instanceof RuntimeException invalid ? invalid : e;
      throw new EventDataException(what + " is invalid: " + cause.getMessage(), e);
    }
    if (data == null) {
      // JSON null reads as no record at all; a consumer would otherwise fail on it later.
      throw new EventDataException(what + " is null; it must be a JSON object");
    }
    return data;
  }

  private static String describe(CloudEvent event) {
    return "event " + event.getId() + " (" + event.getType() + ")";
  }
}
