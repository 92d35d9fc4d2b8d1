package dev.spamflow.core.data;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read or skipped through it, for a reader's progress and the size it records of a
 * source. Our own rather than commons-io's: the pipeline has no other use for that library, and
 * this is the whole of it.
 */
public final class CountingInputStream extends FilterInputStream {
  private long count;

  /**
   * Wraps a stream.
   *
   * @param in the stream to count
   */
  public CountingInputStream(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    count += skipped;
    return skipped;
  }

  /** Mark and reset would count bytes twice; a buffer above this stream provides them instead. */
  @Override
  public boolean markSupported() {
    return false;
  }

  /**
   * Returns how many bytes have passed so far.
   *
   * @return bytes read or skipped
   */
  public long count() {
    return count;
  }
}
