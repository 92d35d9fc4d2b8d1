package dev.spamflow.core.data;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** The file formats the readers understand. */
public enum DatasetFormat {
  /** {@code label<TAB>text} per line, no header: the SMS Spam Collection layout. */
  SMS_TSV,
  /** RFC 4180 CSV with a header naming a {@code text} and a {@code label} column. */
  CSV,
  /** One JSON object per line: {@code {"text": …, "label": …}}. */
  JSON_LINES;

  /**
   * Tells the format from a file name alone.
   *
   * @param fileName a file name or path
   * @return {@link #CSV} for {@code .csv}, {@link #JSON_LINES} for {@code .jsonl}, {@code .ndjson}
   *     and {@code .json}; empty when the name does not settle it ({@code .tsv}, {@code .txt}, no
   *     or another extension), in which case look at the content
   */
  public static Optional<DatasetFormat> fromFileName(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      return Optional.of(CSV);
    }
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
      return Optional.of(JSON_LINES);
    }
    return Optional.empty();
  }

  /**
   * Tells the format from the first bytes of a file. A BOM and leading blank lines are skipped;
   * then a line starting with <code>{</code> means JSON Lines, a line whose part before the first
   * TAB is a label (or the word {@code label}) means SMS TSV, a comma-separated line naming both
   * {@code text} and {@code label} means CSV, and any other line with a TAB means SMS TSV.
   *
   * @param head the first bytes of the file (a few KiB is plenty)
   * @param length how many bytes of {@code head} are valid
   * @param fileName the file name, for the error message
   * @return the format
   * @throws DatasetFormatException when the first line fits none of the formats
   */
  public static DatasetFormat fromContent(byte[] head, int length, String fileName) {
    return fromContent(head, length, fileName, LabelPolicy.REQUIRED);
  }

  /**
   * Tells the format from the first bytes of a file, as {@link #fromContent(byte[], int, String)}
   * does; with {@link LabelPolicy#OPTIONAL}, a comma-separated line naming {@code text} means CSV,
   * and a first line that fits no format means a plain text file, one message per line, which the
   * SMS TSV reader reads as unlabelled.
   *
   * @param head the first bytes of the file (a few KiB is plenty)
   * @param length how many bytes of {@code head} are valid
   * @param fileName the file name, for the error message
   * @param labels whether every row needs a label
   * @return the format
   * @throws DatasetFormatException when the file is empty, or (labels required) the first line fits
   *     none of the formats
   */
  public static DatasetFormat fromContent(
      byte[] head, int length, String fileName, LabelPolicy labels) {
    int start = 0;
    if (length >= 3 && head[0] == (byte) 0xEF && head[1] == (byte) 0xBB && head[2] == (byte) 0xBF) {
      start = 3;
    }
    while (start < length && isBlank(head[start])) {
      start++;
    }
    if (start == length) {
      throw new DatasetFormatException(fileName, "cannot tell the format: the file is empty");
    }
    if (head[start] == '{') {
      return JSON_LINES;
    }
    int end = start;
    while (end < length && head[end] != '\n' && head[end] != '\r') {
      end++;
    }
    // A truncated multi-byte character at the end of the head decodes to U+FFFD, harmless here.
    String line = new String(head, start, end - start, StandardCharsets.UTF_8);
    int tab = line.indexOf('\t');
    if (tab >= 0) {
      String first = line.substring(0, tab);
      if (Label.parse(first).isPresent() || first.strip().equalsIgnoreCase("label")) {
        return SMS_TSV;
      }
    }
    if (looksLikeCsvHeader(line, labels)) {
      return CSV;
    }
    if (tab >= 0 || labels == LabelPolicy.OPTIONAL) {
      // A TAB but an unknown label: still TSV, and the bad label becomes a reject of row 1.
      return SMS_TSV;
    }
    String shown = line.length() > 80 ? line.substring(0, 80) + "…" : line;
    throw new DatasetFormatException(
        fileName,
        "cannot tell the format: the first line is neither label<TAB>text, a CSV header with"
            + " text and label columns, nor a JSON object (use the extension .csv, .tsv or"
            + " .jsonl); first line: \""
            + shown
            + "\"");
  }

  private static boolean looksLikeCsvHeader(String line, LabelPolicy labels) {
    if (line.indexOf(',') < 0) {
      return false;
    }
    boolean text = false;
    boolean label = false;
    int from = 0;
    while (from <= line.length()) {
      int comma = line.indexOf(',', from);
      int to = comma < 0 ? line.length() : comma;
      String name = line.substring(from, to).strip().replace("\"", "").toLowerCase(Locale.ROOT);
      text |= name.equals("text");
      label |= name.equals("label");
      from = to + 1;
    }
    return text && (label || labels == LabelPolicy.OPTIONAL);
  }

  private static boolean isBlank(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }
}
