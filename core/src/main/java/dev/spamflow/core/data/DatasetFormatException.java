package dev.spamflow.core.data;

import java.io.Serial;

/**
 * A file as a whole cannot be read: its format cannot be told, or its CSV header lacks a column.
 * Problems with single rows are {@link Reject}s instead.
 */
public final class DatasetFormatException extends RuntimeException {

  @Serial private static final long serialVersionUID = 1L;

  private final String file;

  /**
   * Creates the exception.
   *
   * @param file the file name, also put at the start of the message
   * @param problem what is wrong
   */
  public DatasetFormatException(String file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  /**
   * Returns the file at fault.
   *
   * @return the file name as given to the reader
   */
  public String file() {
    return file;
  }
}
