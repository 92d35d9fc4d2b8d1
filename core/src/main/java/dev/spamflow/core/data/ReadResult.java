package dev.spamflow.core.data;

import java.util.Objects;

/** The outcome of reading one record: a message or a reject, never both. */
public sealed interface ReadResult permits ReadResult.Accepted, ReadResult.Rejected {

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
