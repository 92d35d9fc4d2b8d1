package dev.spamflow.core.data;

import java.io.IOException;
import java.io.InputStream;

/**
 * Cuts a byte stream into records without decoding it, tracking the byte offset and line number of
 * each record and never buffering more than {@code maxRowBytes + 1} bytes of one record.
 *
 * <p>Working on bytes is what makes the limit safe: a reader over characters would have to decode
 * (and so hold) an over-long line before it could measure it. Only ASCII bytes ({@code \n}, {@code
 * "}, {@code ,}) drive the framing, and UTF-8 never uses them inside a multi-byte character.
 */
final class RecordFramer {

  private static final int READ_BUFFER_BYTES = 64 * 1024;
  private static final int INITIAL_RECORD_BYTES = 8 * 1024;

  // CSV framing states (RFC 4180): a quote opens only at a field start; "" inside quotes escapes.
  private static final int FIELD_START = 0;
  private static final int UNQUOTED = 1;
  private static final int QUOTED = 2;
  private static final int QUOTE_IN_QUOTED = 3;

  private final InputStream in;
  private final boolean csv;
  private final int maxRowBytes;
  private final byte[] buffer = new byte[READ_BUFFER_BYTES];
  private int pos;
  private int limit;
  private boolean eof;
  private boolean started;
  private long offset;
  private long line = 1;

  private byte[] record;
  private int length;
  private long recordOffset;
  private long recordLine;
  private boolean overLimit;
  private boolean unterminatedQuote;

  RecordFramer(InputStream in, boolean csv, int maxRowBytes) {
    this.in = in;
    this.csv = csv;
    this.maxRowBytes = maxRowBytes;
    this.record = new byte[Math.min(INITIAL_RECORD_BYTES, maxRowBytes + 1)];
  }

  /**
   * Frames the next record: the bytes up to the next line feed (outside quotes for CSV), without
   * the line feed and a carriage return before it.
   *
   * @return false at the end of the input
   * @throws IOException when the stream fails
   */
  boolean next() throws IOException {
    if (!started) {
      started = true;
      skipByteOrderMark();
    }
    length = 0;
    overLimit = false;
    unterminatedQuote = false;
    if (!fill()) {
      return false;
    }
    recordOffset = offset;
    recordLine = line;
    int state = FIELD_START;
    while (true) {
      if (pos == limit && !fill()) {
        unterminatedQuote = state == QUOTED;
        finish();
        return true;
      }
      int i = pos;
      boolean ended = false;
      if (csv) {
        scan:
        for (; i < limit; i++) {
          byte b = buffer[i];
          switch (state) {
            case FIELD_START, UNQUOTED -> {
              if (b == '\n') {
                ended = true;
                break scan;
              }
              state =
                  b == ',' ? FIELD_START : (state == FIELD_START && b == '"') ? QUOTED : UNQUOTED;
            }
            case QUOTED -> {
              if (b == '"') {
                state = QUOTE_IN_QUOTED;
              } else if (b == '\n') {
                line++;
              }
            }
            default -> {
              if (b == '\n') {
                ended = true;
                break scan;
              }
              // After a closing quote only a comma is valid; anything else is left for the CSV
              // parser to report, the framer just keeps going as in an unquoted field.
              state = b == '"' ? QUOTED : b == ',' ? FIELD_START : UNQUOTED;
            }
          }
        }
      } else {
        while (i < limit && buffer[i] != '\n') {
          i++;
        }
        ended = i < limit;
      }
      append(pos, i - pos);
      offset += i - pos;
      pos = i;
      if (ended) {
        pos++;
        offset++;
        line++;
        finish();
        return true;
      }
    }
  }

  /** Returns the bytes of the current record; valid up to {@link #length()}. */
  byte[] bytes() {
    return record;
  }

  /** Returns the length of the current record (meaningless when {@link #overLimit()}). */
  int length() {
    return length;
  }

  /** Returns the 0-based byte offset of the current record in the stream (a BOM counts). */
  long recordOffset() {
    return recordOffset;
  }

  /** Returns the 1-based line number where the current record starts. */
  long recordLine() {
    return recordLine;
  }

  /** Returns whether the current record was longer than the limit and so was not kept. */
  boolean overLimit() {
    return overLimit;
  }

  /** Returns whether the input ended inside a quoted CSV field. */
  boolean unterminatedQuote() {
    return unterminatedQuote;
  }

  /** Returns the size of the record buffer: the most memory one record has needed so far. */
  int recordBufferBytes() {
    return record.length;
  }

  private void finish() {
    if (!overLimit && length > 0 && record[length - 1] == '\r') {
      length--;
    }
    if (length > maxRowBytes) {
      overLimit = true;
    }
  }

  private void append(int from, int count) {
    if (overLimit || count == 0) {
      return;
    }
    // One byte above the limit is kept so that a CR before the LF does not count against it.
    int cap = maxRowBytes + 1;
    if (count > cap - length) {
      overLimit = true;
      return;
    }
    if (length + count > record.length) {
      int size = record.length;
      while (size < length + count) {
        size = (int) Math.min((long) size * 2, cap);
      }
      byte[] grown = new byte[size];
      System.arraycopy(record, 0, grown, 0, length);
      record = grown;
    }
    System.arraycopy(buffer, from, record, length, count);
    length += count;
  }

  private boolean fill() throws IOException {
    if (pos < limit) {
      return true;
    }
    if (eof) {
      return false;
    }
    int n;
    do {
      n = in.read(buffer, 0, buffer.length);
    } while (n == 0);
    if (n < 0) {
      eof = true;
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  private void skipByteOrderMark() throws IOException {
    while (limit < 3 && !eof) {
      int n = in.read(buffer, limit, buffer.length - limit);
      if (n < 0) {
        eof = true;
      } else {
        limit += n;
      }
    }
    if (limit >= 3
        && buffer[0] == (byte) 0xEF
        && buffer[1] == (byte) 0xBB
        && buffer[2] == (byte) 0xBF) {
      pos = 3;
      offset = 3;
    }
  }
}
