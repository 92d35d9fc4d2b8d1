package dev.spamflow.core.port;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules every {@link ObjectStore} applies to keys, prefixes and user metadata, so that a key
 * that works with the embedded store also works with S3, and no key can leave a store's directory.
 */
public final class ObjectKeys {
  /** S3's limit on a key's UTF-8 length. */
  public static final int MAX_KEY_BYTES = 1024;

  // S3 user metadata travels as x-amz-meta-<name> headers, which servers lower-case.
  private static final Pattern METADATA_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  private static final Pattern METADATA_VALUE = Pattern.compile("[\\x20-\\x7E]{0,1024}");

  private ObjectKeys() {}

  /**
   * Checks that {@code key} is a valid object key: non-empty, at most {@value #MAX_KEY_BYTES} UTF-8
   * bytes, {@code /}-separated segments that are neither empty, {@code .} nor {@code ..}, no
   * leading or trailing {@code /}, no backslash and no control character (NUL included).
   *
   * @return the key itself
   * @throws IllegalArgumentException naming the rule the key breaks
   */
  public static String requireValidKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("object key must not be empty");
    }
    checkCharacters(key, "object key");
    if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      throw new IllegalArgumentException(
          "object key longer than " + MAX_KEY_BYTES + " UTF-8 bytes: " + abbreviate(key));
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException(
            "object key must be a relative path of non-empty segments without '.' or '..': "
                + abbreviate(key));
      }
    }
    return key;
  }

  /**
   * Checks that {@code prefix} is a valid listing prefix: empty, or a string that contains no
   * backslash and no control character, does not start with {@code /}, and has no {@code .} or
   * {@code ..} segment.
   *
   * @return the prefix itself
   * @throws IllegalArgumentException naming the rule the prefix breaks
   */
  public static String requireValidPrefix(String prefix) {
    if (prefix == null) {
      throw new IllegalArgumentException("prefix must not be null; use \"\" for all keys");
    }
    if (prefix.isEmpty()) {
      return prefix;
    }
    checkCharacters(prefix, "prefix");
    if (prefix.startsWith("/")) {
      throw new IllegalArgumentException("prefix must not start with '/': " + abbreviate(prefix));
    }
    String[] segments = prefix.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      boolean last = i == segments.length - 1;
      // The last segment is a partial name ("raw/da" matches "raw/data.csv"), so "." is fine there.
      if (segments[i].equals("..") || (!last && segments[i].equals("."))) {
        throw new IllegalArgumentException(
            "prefix must not contain '.' or '..' segments: " + abbreviate(prefix));
      }
    }
    return prefix;
  }

  /**
   * Checks user metadata: names match {@code [a-z0-9][a-z0-9-]{0,63}}, values are printable ASCII
   * of at most 1024 characters (they travel as HTTP headers).
   *
   * @return the metadata itself
   * @throws IllegalArgumentException naming the offending entry
   */
  public static Map<String, String> requireValidMetadata(Map<String, String> metadata) {
    if (metadata == null) {
      throw new IllegalArgumentException("metadata must not be null; use Map.of()");
    }
    metadata.forEach(
        (name, value) -> {
          if (name == null || !METADATA_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                "metadata name must match [a-z0-9][a-z0-9-]{0,63}: " + name);
          }
          if (value == null || !METADATA_VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException(
                "metadata value of '" + name + "' must be printable ASCII, at most 1024 chars");
          }
        });
    return metadata;
  }

  private static void checkCharacters(String text, String what) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7F || c == '\\') {
        throw new IllegalArgumentException(
            what + " must not contain control characters or '\\': " + abbreviate(text));
      }
    }
  }

  private static String abbreviate(String text) {
    String printable = text.replaceAll("\\p{Cntrl}", "?");
    return printable.length() <= 80 ? printable : printable.substring(0, 77) + "...";
  }
}
