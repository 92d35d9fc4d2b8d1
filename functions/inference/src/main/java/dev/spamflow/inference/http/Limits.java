package dev.spamflow.inference.http;

import io.micronaut.http.HttpStatus;

/** The size limits every request is held to, with messages that say how to stay within them. */
final class Limits {

  private Limits() {}

  /**
   * Checks a body's size; the server already refuses larger declared lengths, this catches chunked
   * bodies that grow past the limit.
   *
   * @throws ApiException 413 when the body is larger than {@code maxBytes}
   */
  static void checkBody(byte[] body, int maxBytes) {
    if (body != null && body.length > maxBytes) {
      throw tooLarge(body.length, maxBytes);
    }
  }

  /** Returns the 413 answer for a body of {@code length} bytes (or -1 if unknown). */
  static ApiException tooLarge(long length, long maxBytes) {
    return new ApiException(
        HttpStatus.REQUEST_ENTITY_TOO_LARGE,
        "body_too_large",
        "the request body "
            + (length >= 0 ? "of " + length + " bytes " : "")
            + "is larger than the limit of "
            + maxBytes
            + " bytes; send long messages in smaller batches");
  }

  /**
   * Checks a batch's size.
   *
   * @throws ApiException 413 when it holds more than {@code limit} texts
   */
  static void checkBatch(int size, int limit) {
    if (size > limit) {
      throw new ApiException(
          HttpStatus.REQUEST_ENTITY_TOO_LARGE,
          "batch_too_large",
          "the batch holds "
              + size
              + " texts but the limit is "
              + limit
              + "; split it into batches of at most "
              + limit);
    }
  }
}
