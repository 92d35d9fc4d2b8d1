package dev.spamflow.core.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Parses CSV records framed by {@link RecordFramer}, each with commons-csv. The first record is the
 * header: it must name a {@code text} and a {@code label} column (any order, any case); other
 * columns are ignored. With {@link LabelPolicy#OPTIONAL} the {@code label} column may be absent,
 * and an empty label field means an unlabelled row.
 */
final class CsvRowParser implements RowParser {

  private static final CSVFormat FORMAT = CSVFormat.RFC4180;

  private final String file;
  private final LabelPolicy labels;
  private int textColumn = -1;
  private int labelColumn = -1;

  CsvRowParser(String file, LabelPolicy labels) {
    this.file = file;
    this.labels = labels;
  }

  @Override
  public boolean expectsHeader() {
    return textColumn < 0;
  }

  @Override
  public ReadResult parse(String text, long row) {
    List<String> fields;
    try {
      fields = fields(text);
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      if (expectsHeader()) {
        throw new DatasetFormatException(file, "line " + row + ": unreadable CSV header: " + e);
      }
      return Rows.reject(file, row, Reject.WHOLE_ROW, "malformed CSV: " + detail(e));
    }
    if (fields == null) {
      return Rows.reject(
          file, row, Reject.WHOLE_ROW, "malformed CSV: a bare CR outside quotes splits the row");
    }
    if (expectsHeader()) {
      readHeader(fields, row);
      return null;
    }
    int needed = Math.max(textColumn, labelColumn) + 1;
    if (labels == LabelPolicy.OPTIONAL && fields.size() > textColumn) {
      // A short row that has its text only lacks the optional label.
      String label =
          labelColumn >= 0 && labelColumn < fields.size() ? fields.get(labelColumn) : null;
      return Rows.message(file, row, fields.get(textColumn), label, labels);
    }
    if (fields.size() < needed) {
      String missing = fields.size() <= textColumn ? "text" : "label";
      return Rows.reject(
          file,
          row,
          missing,
          "missing: the row has " + fields.size() + " field(s), the header needs " + needed);
    }
    return Rows.message(file, row, fields.get(textColumn), fields.get(labelColumn));
  }

  private void readHeader(List<String> names, long row) {
    int text = -1;
    int label = -1;
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i).strip().toLowerCase(Locale.ROOT);
      if (name.equals("text") && text < 0) {
        text = i;
      } else if (name.equals("label") && label < 0) {
        label = i;
      }
    }
    if (text < 0 || (label < 0 && labels == LabelPolicy.REQUIRED)) {
      throw new DatasetFormatException(
          file,
          "line "
              + row
              + (labels == LabelPolicy.REQUIRED
                  ? ": the CSV header must name a text and a label column (in any order); found "
                  : ": the CSV header must name a text column; found ")
              + names);
    }
    textColumn = text;
    labelColumn = label;
  }

  /** Returns the fields of one record, or {@code null} when commons-csv sees several records. */
  private static List<String> fields(String text) throws IOException {
    try (CSVParser parser = CSVParser.parse(text, FORMAT)) {
      List<CSVRecord> records = parser.getRecords();
      if (records.size() != 1) {
        return null;
      }
      List<String> values = new ArrayList<>(records.getFirst().size());
      records.getFirst().forEach(values::add);
      return values;
    }
  }

  private static String detail(Exception e) {
    Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
    String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message;
  }
}
