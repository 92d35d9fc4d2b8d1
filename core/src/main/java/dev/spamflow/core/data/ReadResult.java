package dev.spamflow.core.data;

import java.util.Objects;

/**
 * The outcome of reading one record: a labelled message, an unlabelled text (only from a reader
 * opened with {@link LabelPolicy#OPTIONAL}) or a reject.
 */
public sealed interface ReadResult
    permits ReadResult.Accepted, ReadResult.Unlabelled, ReadResult.Rejected {

  /**
   * A record that became a message.
   *
   * @param message the message
   * @param row the 1-based line number where the record starts
   */
  record Accepted(Message message, long row) implements ReadResult {

    /** Checks the components. */
    public Accepted {
      Objects.requireNonNull(message, "message");
      if (row < 1) {
        throw new IllegalArgumentException("row must be >= 1 but was " + row);
      }
    }
  }

  /**
   * A record with a text and no label, as a reader opened with {@link LabelPolicy#OPTIONAL} returns
   * it; a {@link LabelPolicy#REQUIRED} reader rejects such a record instead.
   *
   * @param text the raw message text, not blank
   * @param row the 1-based line number where the record starts
   */
  record Unlabelled(String text, long row) implements ReadResult {

    /** Checks the components. */
    public Unlabelled {
      Objects.requireNonNull(text, "text");
      if (row < 1) {
        throw new IllegalArgumentException("row must be >= 1 but was " + row);
      }
    }

    /**
     * The error for a reader opened with {@link LabelPolicy#REQUIRED} that returned this: a bug,
     * not bad input.
     *
     * @param file the input's name
     * @return the exception to throw
     */
    public IllegalStateException unexpected(String file) {
      return new IllegalStateException(
          file + ":" + row + ": a reader that requires labels returned an unlabelled row");
    }
  }

  /**
   * A record that was rejected.
   *
   * @param reject why, and where
   */
  record Rejected(Reject reject) implements ReadResult {

    /** Checks the component. */
    public Rejected {
      Objects.requireNonNull(reject, "reject");
    }
  }
}
