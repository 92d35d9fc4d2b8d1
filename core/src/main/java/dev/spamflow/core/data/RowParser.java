package dev.spamflow.core.data;

/** Turns the decoded text of one framed record into a result; one implementation per format. */
interface RowParser {

  /**
   * Parses one non-blank record.
   *
   * @param text the decoded record, without its line terminator
   * @param row the 1-based line number where it starts
   * @return the result, or {@code null} when the record was consumed without a result (a header)
   * @throws DatasetFormatException when the record shows the whole file is unusable
   */
  ReadResult parse(String text, long row);

  /**
   * Tells whether the next record must be a header, so that an unreadable one fails the file.
   *
   * @return true while a header is expected
   */
  default boolean expectsHeader() {
    return false;
  }

  /** Helpers shared by the parsers. */
  final class Rows {
    private static final int MAX_SHOWN_CHARS = 60;

    private Rows() {}

    static ReadResult reject(String file, long row, String field, String reason) {
      return new ReadResult.Rejected(new Reject(file, row, field, reason));
    }

    static ReadResult badLabel(String file, long row, String raw) {
      return reject(
          file,
          row,
          "label",
          "expected one of "
              + String.join(", ", Label.ACCEPTED_SPELLINGS)
              + " but was \""
              + shorten(raw)
              + "\"");
    }

    /** Builds the result for a text and raw label, checking both. */
    static ReadResult message(String file, long row, String text, String rawLabel) {
      return message(file, row, text, rawLabel, LabelPolicy.REQUIRED);
    }

    /**
     * Builds the result for a text and raw label, checking both; a {@code null} or blank label is
     * an {@link ReadResult.Unlabelled} when the policy allows it.
     */
    static ReadResult message(
        String file, long row, String text, String rawLabel, LabelPolicy labels) {
      if (text.isBlank()) {
        return reject(file, row, "text", "is empty");
      }
      if (labels == LabelPolicy.OPTIONAL && (rawLabel == null || rawLabel.isBlank())) {
        return new ReadResult.Unlabelled(text, row);
      }
      if (rawLabel == null) {
        return reject(file, row, "label", "missing");
      }
      return Label.parse(rawLabel)
          .<ReadResult>map(label -> new ReadResult.Accepted(new Message(text, label), row))
          .orElseGet(() -> badLabel(file, row, rawLabel));
    }

    static String shorten(String value) {
      return value.length() <= MAX_SHOWN_CHARS ? value : value.substring(0, MAX_SHOWN_CHARS) + "…";
    }
  }
}
