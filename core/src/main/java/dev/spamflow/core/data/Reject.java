package dev.spamflow.core.data;

import java.util.Objects;

/**
 * A row that could not be read, with enough detail for a user to find and fix it.
 *
 * @param file the file (or object) name as given to the reader
 * @param row the 1-based line number where the record starts
 * @param field the field at fault ({@code "text"}, {@code "label"}), or {@link #WHOLE_ROW} when the
 *     whole row is at fault (bad encoding, too long, malformed JSON or CSV)
 * @param reason what is wrong, in words
 */
public record Reject(String file, long row, String field, String reason) {

  /** The {@link #field()} value for problems that concern the whole row. */
  public static final String WHOLE_ROW = "";

  /** Checks that no component is {@code null} and that the row is positive. */
  public Reject {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(reason, "reason");
    if (row < 1) {
      throw new IllegalArgumentException("row must be >= 1 but was " + row);
    }
  }

  /**
   * Formats the reject the way compilers report errors.
   *
   * @return e.g. {@code data.csv:17: field 'label': expected one of … but was "maybe"}, or {@code
   *     data.jsonl:3: malformed JSON: …} for a whole-row problem
   */
  public String describe() {
    String where = file + ":" + row + ": ";
    return field.isEmpty() ? where + reason : where + "field '" + field + "': " + reason;
  }
}
