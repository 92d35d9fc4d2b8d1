package dev.spamflow.adapters.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Objects;

/**
 * A shared secret that callers present as {@code Authorization: Bearer <token>}: the MinIO bridge's
 * webhook and the inference service's feedback endpoint both check it this way. The token itself is
 * kept only as its SHA-256 digest and never printed.
 */
public final class BearerToken {

  private static final String SCHEME = "bearer ";

  private final byte[] digest;

  private BearerToken(byte[] digest) {
    this.digest = digest;
  }

  /**
   * Wraps a token.
   *
   * @param token the secret
   * @return the token
   * @throws IllegalArgumentException if it is blank
   */
  public static BearerToken of(String token) {
    Objects.requireNonNull(token, "token");
    if (token.isBlank()) {
      throw new IllegalArgumentException("a Bearer token must not be blank");
    }
    return new BearerToken(sha256(token.strip()));
  }

  /**
   * Tells whether an {@code Authorization} header carries this token. Comparing digests with {@link
   * MessageDigest#isEqual} keeps the time independent of the token's length and content.
   *
   * @param authorization the header's value, or {@code null} when absent
   * @return true only for {@code Bearer <this token>} (the scheme in any case)
   */
  public boolean matches(String authorization) {
    if (authorization == null || !authorization.toLowerCase(Locale.ROOT).startsWith(SCHEME)) {
      return false;
    }
    return MessageDigest.isEqual(digest, sha256(authorization.substring(SCHEME.length()).strip()));
  }

  @Override
  public String toString() {
    return "BearerToken[****]";
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
