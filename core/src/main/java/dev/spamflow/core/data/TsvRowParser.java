package dev.spamflow.core.data;

/**
 * Parses {@code label<TAB>text} rows. The text is everything after the first TAB, so TABs inside a
 * message survive. A first row whose label column reads {@code label} is taken as a header and
 * skipped, since hand-made variants of the SMS file often carry one. With {@link
 * LabelPolicy#OPTIONAL}, a line without a TAB is all text, and so is the rest of a line whose label
 * column is empty.
 */
final class TsvRowParser implements RowParser {

  private final String file;
  private final LabelPolicy labels;
  private boolean first = true;

  TsvRowParser(String file, LabelPolicy labels) {
    this.file = file;
    this.labels = labels;
  }

  @Override
  public ReadResult parse(String text, long row) {
    boolean wasFirst = first;
    first = false;
    int tab = text.indexOf('\t');
    if (tab < 0) {
      return labels == LabelPolicy.OPTIONAL
          ? Rows.message(file, row, text, null, labels)
          : Rows.reject(file, row, "text", "missing: no TAB after the label");
    }
    String label = text.substring(0, tab);
    if (wasFirst && label.strip().equalsIgnoreCase("label")) {
      return null;
    }
    return Rows.message(file, row, text.substring(tab + 1), label, labels);
  }
}
