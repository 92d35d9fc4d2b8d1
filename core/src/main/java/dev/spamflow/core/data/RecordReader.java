package dev.spamflow.core.data;

import java.util.Iterator;

/**
 * Streams the records of one input as {@link ReadResult}s, in file order, holding at most one
 * record in memory.
 *
 * <p>{@link #hasNext()} and {@link #next()} throw {@link java.io.UncheckedIOException} when the
 * input fails and {@link DatasetFormatException} when the file as a whole is unreadable (a CSV
 * without the needed header columns); row-level problems are {@link ReadResult.Rejected} results.
 */
public interface RecordReader extends Iterator<ReadResult>, AutoCloseable {

  /**
   * Closes the underlying input.
   *
   * @throws java.io.UncheckedIOException when closing fails
   */
  @Override
  void close();
}
