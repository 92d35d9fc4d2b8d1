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

  /**
   * Skips by reading: a stream below this one (ingest's SHA-256 digest) must see every byte this
   * one counts, or the recorded size and hash would describe different bytes.
   */
  @Override
  public long skip(long n) throws IOException {
    byte[] discard = new byte[(int) Math.min(Math.max(n, 0), 8192)];
    long skipped = 0;
    while (skipped < n) {
      int r = read(discard, 0, (int) Math.min(discard.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  /** Mark and reset would count bytes twice; a buffer above this stream provides them instead. */
  @Override
  public boolean markSupported() {
    return false;
  }

  /** Does nothing: this stream does not support marks. */
  @Override
  public void mark(int readLimit) {}

  /**
   * Always refuses, as {@link InputStream#reset()} does for a stream without marks.
   *
   * @throws IOException always
   */
  @Override
  public void reset() throws IOException {
    throw new IOException("CountingInputStream does not support mark/reset");
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
