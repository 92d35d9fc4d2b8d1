package dev.spamflow.events;

import java.util.Objects;

/** Argument checks shared by the data records, with messages that name the field. */
final class Checks {
  private Checks() {}

  static String text(String value, String field) {
    Objects.requireNonNull(value, field + " is required");
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
    return value;
  }

  static long count(long value, String field) {
    if (value < 0) {
      throw new IllegalArgumentException(field + " must not be negative: " + value);
    }
    return value;
  }
}
