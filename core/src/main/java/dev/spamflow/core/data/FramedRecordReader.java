package dev.spamflow.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.NoSuchElementException;

/** The one {@link RecordReader}: frames records, checks size and UTF-8, hands text to a parser. */
final class FramedRecordReader implements RecordReader {

  private final InputStream in;
  private final String file;
  private final int maxRowBytes;
  private final RecordFramer framer;
  private final RowParser parser;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private CharBuffer chars = CharBuffer.allocate(0);
  private int badByteIndex;
  private ReadResult pending;
  private boolean done;

  FramedRecordReader(
      InputStream in, String file, DatasetFormat format, ReaderLimits limits, RowParser parser) {
    this.in = in;
    this.file = file;
    this.maxRowBytes = limits.maxRowBytes();
    this.framer = new RecordFramer(in, format == DatasetFormat.CSV, limits.maxRowBytes());
    this.parser = parser;
  }

  @Override
  public boolean hasNext() {
    readAhead();
    return pending != null;
  }

  /** Reads the next result into the look-ahead slot, if it is empty and input remains. */
  void readAhead() {
    if (pending == null && !done) {
      try {
        pending = advance();
      } catch (IOException e) {
        throw new UncheckedIOException(file + ": read failed", e);
      }
      done = pending == null;
    }
  }

  @Override
  public ReadResult next() {
    if (!hasNext()) {
      throw new NoSuchElementException(file + ": no more records");
    }
    ReadResult result = pending;
    pending = null;
    return result;
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": close failed", e);
    }
  }

  /** Returns the size of the byte buffer for one record: the bounded-memory test reads it. */
  int peakRecordBufferBytes() {
    return framer.recordBufferBytes();
  }

  /** Returns the size of the char buffer a record is decoded into. */
  int peakDecodeBufferChars() {
    return chars.capacity();
  }

  private ReadResult advance() throws IOException {
    while (framer.next()) {
      long row = framer.recordLine();
      if (framer.overLimit()) {
        String reason =
            "row is longer than the limit of "
                + maxRowBytes
                + " bytes; skipped"
                + (framer.unterminatedQuote()
                    ? " (an unclosed quote ran to the end of input)"
                    : "");
        return rowProblem(row, reason);
      }
      if (framer.unterminatedQuote()) {
        return rowProblem(row, "malformed CSV: a quoted field is never closed");
      }
      if (isBlank(framer.bytes(), framer.length())) {
        continue;
      }
      String text = decode(row);
      if (text == null) {
        return rowProblem(
            row, "invalid UTF-8 at byte offset " + (framer.recordOffset() + badByteIndex));
      }
      ReadResult result = parser.parse(text, row);
      if (result != null) {
        return result;
      }
    }
    if (parser.expectsHeader()) {
      throw new DatasetFormatException(file, "no CSV header: the file has no records");
    }
    return null;
  }

  private ReadResult rowProblem(long row, String reason) {
    if (parser.expectsHeader()) {
      throw new DatasetFormatException(file, "line " + row + ": unreadable CSV header: " + reason);
    }
    return RowParser.Rows.reject(file, row, Reject.WHOLE_ROW, reason);
  }

  /** Decodes the current record strictly; null (and {@link #badByteIndex} set) when invalid. */
  private String decode(long row) {
    int length = framer.length();
    if (chars.capacity() < length) {
      chars = CharBuffer.allocate(Math.max(length, Math.min(2 * chars.capacity(), maxRowBytes)));
    }
    chars.clear();
    decoder.reset();
    ByteBuffer bytes = ByteBuffer.wrap(framer.bytes(), 0, length);
    CoderResult result = decoder.decode(bytes, chars, true);
    if (!result.isError()) {
      result = decoder.flush(chars);
    }
    if (result.isError()) {
      badByteIndex = bytes.position();
      return null;
    }
    if (result.isOverflow()) {
      // Cannot happen: UTF-8 never yields more chars than bytes.
      throw new IllegalStateException(file + ":" + row + ": decoder overflow");
    }
    chars.flip();
    return chars.toString();
  }

  private static boolean isBlank(byte[] bytes, int length) {
    for (int i = 0; i < length; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }
}
