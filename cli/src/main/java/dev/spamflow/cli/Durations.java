package dev.spamflow.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people type them on a command line: {@code 6h}, {@code 90m}, {@code 30s}, ISO. */
final class Durations {
  private static final Pattern SHORT = Pattern.compile("([0-9]+)\\s*([hms])");

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @param option the option it came from, for the message
   * @param text {@code 6h}, {@code 90m}, {@code 45s} or ISO-8601 ({@code PT6H})
   * @return the duration, positive
   * @throws IllegalArgumentException naming the option and what is accepted
   */
  static Duration parse(String option, String text) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    Duration duration;
    Matcher m = SHORT.matcher(value);
    try {
      if (m.matches()) {
        long amount = Long.parseLong(m.group(1));
        duration =
            switch (m.group(2)) {
              case "h" -> Duration.ofHours(amount);
              case "m" -> Duration.ofMinutes(amount);
              default -> Duration.ofSeconds(amount);
            };
      } else {
        duration = Duration.parse(text.strip());
      }
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException(
          option + " must be a duration such as 6h, 90m, 30s or PT6H; got '" + text + "'", e);
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(option + " must be positive; got '" + text + "'");
    }
    return duration;
  }
}
