package dev.spamflow.core.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;

/**
 * Content hashes of message collections, used to record which data a model was trained and tested
 * on so that a run can be reproduced and a re-upload recognised.
 */
public final class ContentHash {

  private ContentHash() {}

  /**
   * Hashes a collection of messages independently of its order: each message is hashed as {@code
   * wireName<TAB>text} (UTF-8), the digests are sorted, and the sorted digests are hashed again.
   * Duplicates count, so a multiset is hashed.
   *
   * @param messages the messages
   * @return 64 lower-case hex digits (SHA-256)
   */
  public static String of(Collection<Message> messages) {
    byte[][] digests = new byte[messages.size()][];
    MessageDigest sha = sha256();
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
