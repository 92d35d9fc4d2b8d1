package dev.spamflow.core.model;

import java.util.List;
import java.util.Objects;

/**
 * Messages turned into token-id sequences, with their labels: what the network trains and is scored
 * on. The arrays are shared, not copied (sets are large and never modified after encoding).
 */
public final class EncodedSet {

  private final List<int[]> sequences;
  private final boolean[] isSpam;

  /**
   * Wraps sequences and labels.
   *
   * @param sequences one id sequence per message, each non-empty
   * @param isSpam one label per message
   * @throws IllegalArgumentException when the sizes differ or a sequence is empty
   */
  public EncodedSet(List<int[]> sequences, boolean[] isSpam) {
    this.sequences = List.copyOf(Objects.requireNonNull(sequences, "sequences"));
    this.isSpam = Objects.requireNonNull(isSpam, "isSpam");
    if (sequences.size() != isSpam.length) {
      throw new IllegalArgumentException(
          sequences.size() + " sequences but " + isSpam.length + " labels");
    }
    for (int[] sequence : sequences) {
      if (sequence.length == 0) {
        throw new IllegalArgumentException("empty token sequence: encode empty text as one OOV id");
      }
    }
  }

  /** Returns the id sequences, one per message. */
  public List<int[]> sequences() {
    return sequences;
  }

  /** Returns the labels, one per message: true for spam. */
  public boolean[] isSpam() {
    return isSpam;
  }

  /** Returns the number of messages. */
  public int size() {
    return sequences.size();
  }
}
