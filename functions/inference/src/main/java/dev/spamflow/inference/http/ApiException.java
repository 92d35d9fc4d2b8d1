package dev.spamflow.inference.http;

import io.micronaut.http.HttpStatus;

/**
 * A request the service cannot answer, with the status, a short machine-readable kind and a message
 * that tells the client what to change.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The status answered. */
  private final transient HttpStatus status;

  /** A stable name for the error, e.g. {@code missing_text}; also the metric's {@code kind}. */
  private final String kind;

  /**
   * Creates the exception.
   *
   * @param status the HTTP status to answer
   * @param kind a stable snake_case name for the error
   * @param message what went wrong and what the client can do
   */
  public ApiException(HttpStatus status, String kind, String message) {
    super(message);
    this.status = status;
    this.kind = kind;
  }

  /** Returns the status to answer. */
  public HttpStatus status() {
    return status;
  }

  /** Returns the error's kind. */
  public String kind() {
    return kind;
  }

  static ApiException malformed(String message) {
    return new ApiException(HttpStatus.BAD_REQUEST, "malformed_json", message);
  }

  static ApiException invalid(String kind, String message) {
    return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, kind, message);
  }
}
