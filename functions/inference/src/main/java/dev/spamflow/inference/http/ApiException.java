package dev.spamflow.inference.http;

import io.micronaut.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;

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

  /** Headers the answer carries, such as {@code WWW-Authenticate} or {@code Retry-After}. */
  private final transient Map<String, String> headers = new LinkedHashMap<>();

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

  /**
   * Adds a header to the answer.
   *
   * @param name the header
   * @param value its value
   * @return this exception
   */
  public ApiException withHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** Returns the headers the answer carries. */
  public Map<String, String> headers() {
    return Map.copyOf(headers);
  }

  static ApiException malformed(String message) {
    return new ApiException(HttpStatus.BAD_REQUEST, "malformed_json", message);
  }

  static ApiException invalid(String kind, String message) {
    return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, kind, message);
  }
}
