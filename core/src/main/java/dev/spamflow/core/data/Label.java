package dev.spamflow.core.data;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The class of a message. Declared in class-index order, so {@code ordinal() == index()}; use
 * {@link #index()} anyway, it is the documented contract.
 */
public enum Label {
  /** A legitimate message ("ham", "not_spam"). */
  HAM(0, "ham"),
  /** An unwanted message. */
  SPAM(1, "spam");

  /** Every accepted spelling (compared case-insensitively, surrounding blanks ignored). */
  public static final List<String> ACCEPTED_SPELLINGS =
      List.of("spam", "ham", "not_spam", "1", "0", "true", "false");

  private final int index;
  private final String wireName;

  Label(int index, String wireName) {
    this.index = index;
    this.wireName = wireName;
  }

  /**
   * Parses a label as written in a data file.
   *
   * @param raw the raw field, may be {@code null}
   * @return the label for {@code spam}, {@code 1}, {@code true} (spam) or {@code ham}, {@code
   *     not_spam}, {@code 0}, {@code false} (ham), ignoring case and surrounding blanks; empty for
   *     anything else, including {@code null}
   */
  public static Optional<Label> parse(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    return switch (raw.strip().toLowerCase(Locale.ROOT)) {
      case "spam", "1", "true" -> Optional.of(SPAM);
      case "ham", "not_spam", "0", "false" -> Optional.of(HAM);
      default -> Optional.empty();
    };
  }

  /**
   * Returns the label with a class index.
   *
   * @param index 0 or 1
   * @return {@link #HAM} for 0, {@link #SPAM} for 1
   * @throws IllegalArgumentException for any other index
   */
  public static Label ofIndex(int index) {
    return switch (index) {
      case 0 -> HAM;
      case 1 -> SPAM;
      default -> throw new IllegalArgumentException("class index must be 0 or 1 but was " + index);
    };
  }

  /**
   * Returns the class index used by the model.
   *
   * @return 0 for ham, 1 for spam
   */
  public int index() {
    return index;
  }

  /**
   * Returns the name written to files and events.
   *
   * @return {@code "spam"} or {@code "ham"}
   */
  public String wireName() {
    return wireName;
  }
}
