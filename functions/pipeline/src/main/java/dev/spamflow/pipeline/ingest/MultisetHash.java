package dev.spamflow.pipeline.ingest;

import dev.spamflow.core.data.Message;
import dev.spamflow.pipeline.Hashes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * An order-independent hash of a collection of messages in constant memory: each message is hashed
 * as core's {@code ContentHash} does ({@code SHA-256(wireName<TAB>text)}), the digests are added as
 * 256-bit numbers (mod 2<sup>256</sup>), and the sum with the count is hashed once more.
 *
 * <p>Core's {@code ContentHash.of} sorts the digests instead, which needs all of them in memory (32
 * bytes per message, doubled while growing): too much for a 1 GB upload. The two hashes differ in
 * value, not in meaning: the same messages in any order give the same hash.
 */
final class MultisetHash {

  private final MessageDigest sha = Hashes.sha256();
  private final long[] sum = new long[4];
  private long count;

  /** Adds one message. */
  void add(Message message) {
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
   * Returns the hash of everything added so far.
   *
   * @return 64 lower-case hex digits
   */
  String finish() {
    ByteBuffer buffer = ByteBuffer.allocate(Long.BYTES * 5);
    buffer.putLong(count);
    for (long part : sum) {
      buffer.putLong(part);
    }
    return Hashes.hex(Hashes.sha256().digest(buffer.array()));
  }
}
