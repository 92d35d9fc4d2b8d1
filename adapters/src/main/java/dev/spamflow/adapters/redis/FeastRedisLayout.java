package dev.spamflow.adapters.redis;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * The bytes Feast's Redis online store reads, written here because Feast has no maintained Java
 * SDK. Copied from Feast 0.67.0's own code, not its older spec page: {@code
 * sdk/python/feast/infra/key_encoding_utils.py} ({@code serialize_entity_key}, version 3), {@code
 * infra/online_stores/helpers.py} ({@code _redis_key}, {@code _mmh3}) and {@code
 * infra/online_stores/redis.py} ({@code online_write_batch}); values are {@code feast.types.Value}
 * and timestamps {@code google.protobuf.Timestamp} in protobuf's wire format, encoded by hand for
 * the five value types spamflow writes. {@code FeastRedisLayoutTest} pins the bytes against ones
 * Feast 0.67.0 produced; {@code FeastReadBackIT} has Feast read what this wrote.
 *
 * <ul>
 *   <li>key: the entity key (a 4-byte little-endian count of join keys; per key its value type
 *       {@code STRING}, length and UTF-8 name; per value its type, length and bytes), then the
 *       project's name;
 *   <li>one hash per entity; field {@code murmur3_32("<view>:<feature>")} as 4 little-endian bytes,
 *       value the serialised {@code Value}; field {@code _ts:<view>} the event time.
 * </ul>
 */
final class FeastRedisLayout {

  // feast.types.ValueType.Enum
  private static final int STRING = 2;

  // feast.types.Value's oneof fields: number << 3 | wire type.
  private static final int STRING_VAL = 2 << 3 | 2;
  private static final int INT32_VAL = 3 << 3;
  private static final int INT64_VAL = 4 << 3;
  private static final int DOUBLE_VAL = 5 << 3 | 1;
  private static final int BOOL_VAL = 7 << 3;

  private FeastRedisLayout() {}

  /** The hash key of one entity: {@code _redis_key(project, EntityKey(joinKey = value))}. */
  static byte[] key(String project, String joinKey, String entityId) {
    byte[] name = joinKey.getBytes(StandardCharsets.UTF_8);
    byte[] value = entityId.getBytes(StandardCharsets.UTF_8);
    byte[] projectName = project.getBytes(StandardCharsets.UTF_8);
    ByteBuffer out =
        ByteBuffer.allocate(4 + 8 + name.length + 8 + value.length + projectName.length)
            .order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(1);
    out.putInt(STRING).putInt(name.length).put(name);
    out.putInt(STRING).putInt(value.length).put(value);
    out.put(projectName);
    return out.array();
  }

  /** The hash field of one feature: Feast's {@code _mmh3(f"{view}:{feature}")}. */
  static byte[] field(String view, String feature) {
    byte[] text = (view + ":" + feature).getBytes(StandardCharsets.UTF_8);
    int hash = MurmurHash3.hash32x86(text, 0, text.length, 0);
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(hash).array();
  }

  /** The hash field of a view's event time. */
  static byte[] timestampField(String view) {
    return ("_ts:" + view).getBytes(StandardCharsets.UTF_8);
  }

  /** A {@code google.protobuf.Timestamp}: seconds (1) and nanos (2), zeros left out. */
  static byte[] timestamp(Instant time) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16);
    long seconds = time.getEpochSecond();
    // The nanosecond part within the second, as Timestamp.nanos is.
    int nanos = time.getNano();
    if (seconds != 0) {
      varint(out, 1 << 3);
      varint(out, seconds);
    }
    if (nanos != 0) {
      varint(out, 2 << 3);
      varint(out, nanos);
    }
    return out.toByteArray();
  }

  /**
   * Reads a {@code google.protobuf.Timestamp}.
   *
   * @throws IllegalArgumentException when the bytes are not one
   */
  static Instant parseTimestamp(byte[] bytes) {
    Reader in = new Reader(bytes);
    long seconds = 0;
    int nanos = 0;
    while (in.more()) {
      int tag = (int) in.varint();
      switch (tag) {
        case 1 << 3 -> seconds = in.varint();
        case 2 << 3 -> nanos = (int) in.varint();
        default -> throw new IllegalArgumentException("not a protobuf Timestamp: tag " + tag);
      }
    }
    return Instant.ofEpochSecond(seconds, nanos);
  }

  /** A {@code feast.types.Value} holding one of the types a {@code FeatureRow} allows. */
  static byte[] value(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16);
    switch (value) {
      case Integer i -> {
        varint(out, INT32_VAL);
        varint(out, i); // an int32 is sign-extended to 64 bits, as protobuf does
      }
      case Long l -> {
        varint(out, INT64_VAL);
        varint(out, l);
      }
      case Double d -> {
        varint(out, DOUBLE_VAL);
        long bits = Double.doubleToRawLongBits(d);
        for (int b = 0; b < 8; b++) {
          out.write((int) (bits >>> (8 * b)));
        }
      }
      case Boolean b -> {
        varint(out, BOOL_VAL);
        out.write(b ? 1 : 0);
      }
      case String s -> {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        varint(out, STRING_VAL);
        varint(out, utf8.length);
        out.writeBytes(utf8);
      }
      default ->
          throw new IllegalArgumentException(
              "no Feast value for " + value.getClass().getSimpleName());
    }
    return out.toByteArray();
  }

  /**
   * Reads a {@code feast.types.Value} of the five types spamflow writes.
   *
   * @throws IllegalArgumentException when it holds another type, or is not a Value
   */
  static Object parseValue(byte[] bytes) {
    Reader in = new Reader(bytes);
    int tag = (int) in.varint();
    Object value =
        switch (tag) {
          case INT32_VAL -> (int) in.varint();
          case INT64_VAL -> in.varint();
          case DOUBLE_VAL -> Double.longBitsToDouble(in.fixed64());
          case BOOL_VAL -> in.varint() != 0;
          case STRING_VAL -> new String(in.bytes((int) in.varint()), StandardCharsets.UTF_8);
          default ->
              throw new IllegalArgumentException(
                  "a Feast value of field " + (tag >>> 3) + " is not one spamflow reads");
        };
    if (in.more()) {
      throw new IllegalArgumentException("trailing bytes after a Feast value");
    }
    return value;
  }

  private static void varint(ByteArrayOutputStream out, long value) {
    long v = value;
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  /** Protobuf wire-format reading, as much as the two messages need. */
  private static final class Reader {
    private final byte[] bytes;
    private int position;

    Reader(byte[] bytes) {
      this.bytes = bytes;
    }

    boolean more() {
      return position < bytes.length;
    }

    long varint() {
      long result = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = next();
        result |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return result;
        }
      }
      throw new IllegalArgumentException("malformed varint");
    }

    long fixed64() {
      long result = 0;
      for (int b = 0; b < 8; b++) {
        result |= (long) (next() & 0xFF) << (8 * b);
      }
      return result;
    }

    byte[] bytes(int length) {
      if (length < 0 || position + length > bytes.length) {
        throw new IllegalArgumentException("length " + length + " past the end");
      }
      byte[] out = new byte[length];
      System.arraycopy(bytes, position, out, 0, length);
      position += length;
      return out;
    }

    private byte next() {
      if (position >= bytes.length) {
        throw new IllegalArgumentException("truncated protobuf message");
      }
      return bytes[position++];
    }
  }
}
