package dev.spamflow.core.data;

import java.util.List;
import java.util.Objects;

/**
 * A train/validation/test split.
 *
 * @param train the training part
 * @param validation the validation part (for early stopping and model selection), may be empty
 * @param test the held-out test part, may be empty
 * @param hashes the content hash of each part
 */
public record DataSplit(
    List<Message> train, List<Message> validation, List<Message> test, SplitHashes hashes) {

  /** Copies the lists (unmodifiable) and checks for nulls. */
  public DataSplit {
    train = List.copyOf(train);
    validation = List.copyOf(validation);
    test = List.copyOf(test);
    Objects.requireNonNull(hashes, "hashes");
  }
}
