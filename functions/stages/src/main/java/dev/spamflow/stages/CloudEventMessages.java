package dev.spamflow.stages;

import dev.spamflow.adapters.http.CloudEventHeaders;
import dev.spamflow.pipeline.event.InvalidEventException;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.http.HttpMessageFactory;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;

/**
 * CloudEvents carried by Spring messages the way Spring Cloud Function hands HTTP requests over:
 * request headers as message headers, the body as the payload. Both HTTP content modes are read
 * with the CloudEvents SDK, because Spring Cloud Function's own handling is partial: binary ({@code
 * ce-*} headers, or {@code ce_*}) and structured ({@code application/cloudevents+json}), whether it
 * arrives as sent (over HTTP) or as Spring Cloud Function rewrites it for a message (attributes
 * moved into headers, the original content type left behind).
 */
public final class CloudEventMessages {
  private static final String CE = "ce-";

  private CloudEventMessages() {}

  /**
   * Reads the CloudEvent a message carries.
   *
   * @param message request headers and body
   * @return the event
   * @throws InvalidEventException if the message is no CloudEvent in either mode, or lacks {@code
   *     type}; the message says which
   */
  public static CloudEvent read(Message<?> message) {
    Map<String, String> headers = httpHeaders(message.getHeaders());
    boolean cloudEventsContent =
        headers
            .getOrDefault("content-type", "")
            .toLowerCase(Locale.ROOT)
            .startsWith("application/cloudevents");
    // What Spring Cloud Function makes of a structured event in a message: attributes as ce-*
    // headers, taken from the JSON as they are (not percent-encoded), data as payload, and the
    // original content type left behind.
    boolean rewritten = cloudEventsContent && headers.containsKey("ce-specversion");
    if (headers.containsKey("ce-specversion")) {
      String dataContentType = headers.remove("ce-datacontenttype");
      if (cloudEventsContent || !headers.containsKey("content-type")) {
        if (dataContentType == null) {
          headers.remove("content-type");
        } else {
          headers.put("content-type", dataContentType);
        }
      }
      if (!headers.containsKey("ce-type")) {
        throw new InvalidEventException("the event has no type: the ce-type header is missing");
      }
    } else if (!cloudEventsContent) {
      throw new InvalidEventException(
          "not a CloudEvent: no ce-specversion header (binary mode) and content type '"
              + headers.getOrDefault("content-type", "")
              + "' is not application/cloudevents+json (structured mode)");
    }
    byte[] body = payload(message.getPayload());
    try {
      MessageReader reader =
          HttpMessageFactory.createReader(
              rewritten ? headers : CloudEventHeaders.decodeAll(headers),
              body.length == 0 ? null : body);
      return reader.toEvent();
    } catch (RuntimeException e) {
      // The SDK says what is wrong (a missing attribute, JSON that does not parse) but
      // throws several types for it; all of them mean the request cannot be an event.
      throw new InvalidEventException("malformed CloudEvent: " + e.getMessage(), e);
    }
  }

  /**
   * Returns a message carrying {@code event} in binary mode, as an HTTP request would: {@code ce-*}
   * headers, the data content type and the data as payload.
   */
  public static Message<byte[]> binary(CloudEvent event) {
    Map<String, Object> headers = new LinkedHashMap<>();
    byte[][] body = {new byte[0]};
    HttpMessageFactory.createWriter(
            (name, value) ->
                headers.put(
                    name.equalsIgnoreCase("content-type") ? MessageHeaders.CONTENT_TYPE : name,
                    value),
            bytes -> body[0] = bytes == null ? new byte[0] : bytes)
        .writeBinary(event);
    return MessageBuilder.withPayload(body[0]).copyHeaders(headers).build();
  }

  private static Map<String, String> httpHeaders(MessageHeaders messageHeaders) {
    Map<String, String> headers = new LinkedHashMap<>();
    messageHeaders.forEach(
        (name, value) -> {
          String lower = name.toLowerCase(Locale.ROOT);
          String text = text(value);
          if (text == null) {
            return;
          }
          if (lower.startsWith(CE) || lower.startsWith("ce_")) {
            headers.put(CE + lower.substring(3), text);
          } else if (lower.equals("content-type") || lower.equals("contenttype")) {
            headers.put("content-type", text);
          }
        });
    return headers;
  }

  private static String text(Object value) {
    if (value instanceof Collection<?> values) {
      return values.isEmpty() ? null : String.valueOf(values.iterator().next());
    }
    return value == null ? null : value.toString();
  }

  private static byte[] payload(Object payload) {
    return switch (payload) {
      case byte[] bytes -> bytes;
      case String text -> text.getBytes(StandardCharsets.UTF_8);
      case null -> new byte[0];
      default ->
          throw new InvalidEventException(
              "cannot read a CloudEvent from a payload of type " + payload.getClass().getName());
    };
  }
}
