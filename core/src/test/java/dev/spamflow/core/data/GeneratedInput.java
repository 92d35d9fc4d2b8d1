package dev.spamflow.core.data;

import java.io.InputStream;
import java.util.function.LongFunction;

/**
 * An input stream that makes its rows on the fly, so a test can read hundreds of megabytes without
 * holding them anywhere. Row {@code i} is {@code rows.apply(i)}, which must be ASCII.
 */
final class GeneratedInput extends InputStream {

  private final long rowCount;
  private final LongFunction<String> rows;
  private long next;
  private String current = "";
  private int at;
  private long bytes;

  GeneratedInput(long rowCount, LongFunction<String> rows) {
    this.rowCount = rowCount;
    this.rows = rows;
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] target, int offset, int length) {
    if (length == 0) {
      return 0;
    }
    int written = 0;
    while (written < length) {
      if (at == current.length()) {
        if (next == rowCount) {
          break;
        }
        current = rows.apply(next++);
        at = 0;
      }
      int n = Math.min(length - written, current.length() - at);
      for (int k = 0; k < n; k++) {
        target[offset + written + k] = (byte) current.charAt(at + k);
      }
      at += n;
      written += n;
    }
    bytes += written;
    return written == 0 ? -1 : written;
  }

  /** Returns how many bytes were handed out. */
  long bytesRead() {
    return bytes;
  }
}
