package dev.spamflow.pipeline;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers: message ids, file hashes. */
public final class Hashes {

  private Hashes() {}

  /**
   * Returns a fresh SHA-256 digest.
   *
   * @return the digest
   * @throws IllegalStateException if the JDK lacks SHA-256 (every JDK must have it)
   */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /**
   * Hashes a string.
   *
   * @param text the string
   * @return the SHA-256 of its UTF-8 bytes
   */
  public static byte[] sha256(String text) {
    return sha256().digest(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Formats bytes as hex.
   *
   * @param bytes the bytes
   * @return lower-case hex digits, two per byte
   */
  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
