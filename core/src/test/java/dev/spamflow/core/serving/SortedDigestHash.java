package dev.spamflow.core.serving;

import dev.spamflow.core.data.Message;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;

/**
 * The content hash the saved test bundles recorded: they were written before spamflow had one
 * content hash ({@code ContentHash}), when core hashed the sorted per-message digests. Kept here,
 * in the tests only, so those bundles can still prove they are checked against the same data;
 * nothing in production recomputes the old value.
 */
final class SortedDigestHash {
  private SortedDigestHash() {}

  /**
   * SHA-256 over the sorted SHA-256 digests of {@code label<TAB>text}, as bundles before 2026-12.
   */
  static String of(Collection<Message> messages) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[][] digests = new byte[messages.size()][];
      int i = 0;
      for (Message message : messages) {
        sha.update(message.label().wireName().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\t');
        digests[i++] = sha.digest(message.text().getBytes(StandardCharsets.UTF_8));
      }
      Arrays.sort(digests, Arrays::compareUnsigned);
      for (byte[] digest : digests) {
        sha.update(digest);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
