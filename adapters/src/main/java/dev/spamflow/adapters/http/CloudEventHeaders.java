package dev.spamflow.adapters.http;

import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Percent-encoding of {@code ce-*} header values, as the CloudEvents HTTP binding requires (section
 * 3.1.3.2): space, double quote, percent and everything outside printable ASCII are sent as {@code
 * %XX} of their UTF-8 bytes. Without it an object key such as {@code inbox/日本.csv} in {@code
 * ce-subject} cannot even be put in a request, and a literal {@code %} would be misread.
 */
public final class CloudEventHeaders {

  private static final String PREFIX = "ce-";
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private CloudEventHeaders() {}

  /**
   * Encodes one header value.
   *
   * @param value the attribute value
   * @return the value safe for an HTTP header
   */
  public static String encode(String value) {
    StringBuilder out = null;
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xFF;
      boolean plain = b >= 0x21 && b <= 0x7E && b != '"' && b != '%';
      if (plain && out == null) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(bytes.length + 16);
        out.append(new String(bytes, 0, i, StandardCharsets.US_ASCII));
      }
      if (plain) {
        out.append((char) b);
      } else {
        out.append('%').append(HEX[b >> 4]).append(HEX[b & 0x0F]);
      }
    }
    return out == null ? value : out.toString();
  }

  /**
   * Builds the POST that carries {@code event} in binary mode: its attributes as {@code ce-*}
   * headers, {@linkplain #encode(String) encoded}, its data content type as {@code Content-Type}
   * and its data as the body. The one place a spamflow sender writes an event onto HTTP, so the
   * publisher and the local broker's subscriber cannot drift apart on the encoding.
   *
   * @param event the event to send
   * @param request the request so far (its address, timeout and any other headers)
   * @return the request, built
   */
  public static HttpRequest binaryPost(CloudEvent event, HttpRequest.Builder request) {
    byte[][] body = {new byte[0]};
    HttpMessageFactory.createWriter(
            (name, value) ->
                request.header(
                    name,
                    name.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                        ? encode(value)
                        : value),
            bytes -> body[0] = bytes == null ? new byte[0] : bytes)
        .writeBinary(event);
    return request.POST(HttpRequest.BodyPublishers.ofByteArray(body[0])).build();
  }

  /**
   * Decodes one header value; a {@code %} not followed by two hex digits is kept as it is.
   *
   * @param value the header value as received
   * @return the attribute value
   */
  public static String decode(String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '%'
          && i + 2 < value.length()
          && hex(value.charAt(i + 1)) >= 0
          && hex(value.charAt(i + 2)) >= 0) {
        bytes.write(hex(value.charAt(i + 1)) * 16 + hex(value.charAt(i + 2)));
        i += 2;
      } else {
        byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(raw, 0, raw.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /**
   * Returns the headers with every {@code ce-*} value decoded, for a receiver to hand to the
   * CloudEvents HTTP reader.
   *
   * @param headers header names and values as received
   * @return a copy with the {@code ce-*} values decoded
   */
  public static Map<String, String> decodeAll(Map<String, String> headers) {
    Map<String, String> decoded = new LinkedHashMap<>();
    headers.forEach(
        (name, value) ->
            decoded.put(
                name,
                name.toLowerCase(Locale.ROOT).startsWith(PREFIX) && value != null
                    ? decode(value)
                    : value));
    return decoded;
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
