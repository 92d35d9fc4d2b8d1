package dev.spamflow.core.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** Opens a {@link RecordReader} for a file or stream in any {@link DatasetFormat}. */
public final class DatasetReaders {

  private static final int DETECTION_HEAD_BYTES = 8 * 1024;

  private DatasetReaders() {}

  /**
   * Opens a file with the default limits, telling its format with {@link #detect(Path)}.
   *
   * @param file the file
   * @return a reader positioned before the first record; close it
   * @throws UncheckedIOException when the file cannot be read
   * @throws DatasetFormatException when its format cannot be told, or a CSV header lacks a column
   */
  public static RecordReader open(Path file) {
    return open(file, ReaderLimits.DEFAULT);
  }

  /**
   * Opens a file, telling its format with {@link #detect(Path)}.
   *
   * @param file the file
   * @param limits the limits
   * @return a reader positioned before the first record; close it
   * @throws UncheckedIOException when the file cannot be read
   * @throws DatasetFormatException when its format cannot be told, or a CSV header lacks a column
   */
  public static RecordReader open(Path file, ReaderLimits limits) {
    return open(file, limits, LabelPolicy.REQUIRED);
  }

  /**
   * Opens a file, telling its format with {@link #detect(Path, LabelPolicy)}.
   *
   * @param file the file
   * @param limits the limits
   * @param labels whether every row needs a label
   * @return a reader positioned before the first record; close it
   * @throws UncheckedIOException when the file cannot be read
   * @throws DatasetFormatException when its format cannot be told, or a CSV header lacks a column
   */
  public static RecordReader open(Path file, ReaderLimits limits, LabelPolicy labels) {
    DatasetFormat format = detect(file, labels);
    InputStream in;
    try {
      in = Files.newInputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file, e);
    }
    return open(in, file.toString(), format, limits, labels);
  }

  /**
   * Opens a stream in a known format. The stream is read lazily; a CSV header is read (and checked)
   * at once.
   *
   * @param in the bytes, UTF-8 with or without a BOM; closed by the reader
   * @param name the name put in rejects and errors (a file name or object key)
   * @param format the format
   * @param limits the limits
   * @return a reader positioned before the first record; close it
   * @throws UncheckedIOException when the stream fails
   * @throws DatasetFormatException when a CSV header lacks a column (the stream is then closed)
   */
  public static RecordReader open(
      InputStream in, String name, DatasetFormat format, ReaderLimits limits) {
    return open(in, name, format, limits, LabelPolicy.REQUIRED);
  }

  /**
   * Opens a stream in a known format, with labels required or optional. The stream is read lazily;
   * a CSV header is read (and checked) at once.
   *
   * @param in the bytes, UTF-8 with or without a BOM; closed by the reader
   * @param name the name put in rejects and errors (a file name or object key)
   * @param format the format
   * @param limits the limits
   * @param labels whether every row needs a label
   * @return a reader positioned before the first record; close it
   * @throws UncheckedIOException when the stream fails
   * @throws DatasetFormatException when a CSV header lacks a column (the stream is then closed)
   */
  public static RecordReader open(
      InputStream in, String name, DatasetFormat format, ReaderLimits limits, LabelPolicy labels) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(labels, "labels");
    RowParser parser =
        switch (format) {
          case SMS_TSV -> new TsvRowParser(name, labels);
          case CSV -> new CsvRowParser(name, labels);
          case JSON_LINES -> new JsonLinesRowParser(name, labels);
        };
    FramedRecordReader reader = new FramedRecordReader(in, name, format, limits, parser);
    try {
      // Reads ahead one record so that a bad CSV header fails here, not in the caller's loop.
      reader.readAhead();
    } catch (RuntimeException e) {
      try {
        reader.close();
      } catch (UncheckedIOException closeFailure) {
        e.addSuppressed(closeFailure);
      }
      throw e;
    }
    return reader;
  }

  /**
   * Tells the format of a file: from its extension when that settles it ({@link
   * DatasetFormat#fromFileName}), else from its first bytes ({@link DatasetFormat#fromContent}).
   *
   * @param file the file
   * @return its format
   * @throws UncheckedIOException when the file cannot be read
   * @throws DatasetFormatException naming the file when the format cannot be told
   */
  public static DatasetFormat detect(Path file) {
    return detect(file, LabelPolicy.REQUIRED);
  }

  /**
   * Tells the format of a file as {@link #detect(Path)} does; with {@link LabelPolicy#OPTIONAL}, a
   * CSV header needs only a {@code text} column, and a first line that fits no format is the first
   * message of a plain text file, one message per line (read as unlabelled SMS TSV).
   *
   * @param file the file
   * @param labels whether every row needs a label
   * @return its format
   * @throws UncheckedIOException when the file cannot be read
   * @throws DatasetFormatException naming the file when the format cannot be told
   */
  public static DatasetFormat detect(Path file, LabelPolicy labels) {
    Path fileName = file.getFileName();
    var byName = DatasetFormat.fromFileName(fileName == null ? "" : fileName.toString());
    if (byName.isPresent()) {
      return byName.get();
    }
    byte[] head = new byte[DETECTION_HEAD_BYTES];
    int length;
    try (InputStream in = Files.newInputStream(file)) {
      length = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return DatasetFormat.fromContent(head, length, file.toString(), labels);
  }

  /**
   * Tells the format of a stream: from its name (a file name or object key) when that settles it,
   * else from its first bytes, which are read under a mark and given back ({@code in} is reset), so
   * the caller reads the stream from its start.
   *
   * @param name the file name or object key; also put in errors
   * @param in the stream, positioned at its start
   * @param labels whether every row needs a label (see {@link #detect(Path, LabelPolicy)})
   * @return its format
   * @throws IOException when the stream fails
   * @throws DatasetFormatException naming the input when the format cannot be told
   */
  public static DatasetFormat detect(String name, BufferedInputStream in, LabelPolicy labels)
      throws IOException {
    var byName = DatasetFormat.fromFileName(name);
    if (byName.isPresent()) {
      return byName.get();
    }
    in.mark(DETECTION_HEAD_BYTES);
    byte[] head = in.readNBytes(DETECTION_HEAD_BYTES);
    in.reset();
    return DatasetFormat.fromContent(head, head.length, name, labels);
  }
}
