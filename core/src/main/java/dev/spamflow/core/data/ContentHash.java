package dev.spamflow.core.data;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;

/**
 * The content hash of a collection of messages, used to record which data a model was trained and
 * tested on, so that a run can be reproduced and a re-upload recognised. One algorithm everywhere:
 * ingest's raw manifest, curate's parts, the CLI's {@code train} and every bundle's {@code data}
 * record give the same hash for the same messages.
 *
 * <p>Order-independent and in constant memory: each message is hashed as {@code
 * SHA-256(wireName<TAB>text)} (UTF-8), the digests are added as 256-bit numbers (mod
 * 2<sup>256</sup>), and the count and the sum are hashed once more. Duplicates count, so a multiset
 * is hashed. Written here rather than taken from a library: no maintained Java library offers a
 * streaming multiset hash, and ingest must hash a 1 GB upload without holding its digests.
 *
 * <p>Bundles and curated manifests written before this algorithm was shared recorded a hash of the
 * sorted digests instead; those values are provenance only (nothing recomputes and compares them),
 * so they stay as written.
 */
public final class ContentHash {

  private ContentHash() {}

  /**
   * Hashes a collection of messages independently of its order.
   *
   * @param messages the messages
   * @return 64 lower-case hex digits
   */
  public static String of(Collection<Message> messages) {
    Accumulator hash = accumulator();
    messages.forEach(hash::add);
    return hash.finish();
  }

  /** Returns an empty accumulator, for messages that arrive one at a time. */
  public static Accumulator accumulator() {
    return new Accumulator();
  }

  /** The content hash of messages added one at a time; not safe for concurrent use. */
  public static final class Accumulator {
    private final MessageDigest sha = sha256();
    private final long[] sum = new long[4];
    private long count;

    private Accumulator() {}

    /** Adds one message. */
    public void add(Message message) {
      sha.update(message.label().wireName().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '\t');
      ByteBuffer digest =
          ByteBuffer.wrap(sha.digest(message.text().getBytes(StandardCharsets.UTF_8)));
      long[] addend = {digest.getLong(), digest.getLong(), digest.getLong(), digest.getLong()};
      long carry = 0;
      // Big-endian: the last long is the least significant.
      for (int i = 3; i >= 0; i--) {
        long a = sum[i];
        long r = a + addend[i] + carry;
        carry = (Long.compareUnsigned(r, a) < 0 || (carry == 1 && r == a)) ? 1 : 0;
        sum[i] = r;
      }
      count++;
    }

    /**
     * Returns the hash of everything added so far; more may be added after.
     *
     * @return 64 lower-case hex digits
     */
    public String finish() {
      ByteBuffer buffer = ByteBuffer.allocate(Long.BYTES * 5);
      buffer.putLong(count);
      for (long part : sum) {
        buffer.putLong(part);
      }
      return HexFormat.of().formatHex(sha256().digest(buffer.array()));
    }
  }

  /**
   * Hashes one string.
   *
   * @param text the string
   * @return the SHA-256 of its UTF-8 bytes
   */
  static byte[] sha256(String text) {
    return sha256().digest(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Returns a fresh SHA-256 digest.
   *
   * @return the digest
   * @throws IllegalStateException if the JDK lacks SHA-256 (every JDK must have it)
   */
  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
