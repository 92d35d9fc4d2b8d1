package dev.spamflow.core.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Stratified, seeded k-fold assignment: each class is shuffled and dealt round-robin, so every fold
 * holds the same share of spam (within one message) and the same seed deals the same folds.
 */
public final class Folds {

  private final int[] foldOf;
  private final int folds;

  private Folds(int[] foldOf, int folds) {
    this.foldOf = foldOf;
    this.folds = folds;
  }

  /**
   * Deals messages into folds.
   *
   * @param isSpam each message's label
   * @param folds how many folds, at least 2
   * @param seed shuffling seed
   * @return the assignment
   * @throws IllegalArgumentException when a class has fewer messages than there are folds (a fold
   *     without spam or without ham cannot be scored)
   */
  public static Folds stratified(boolean[] isSpam, int folds, long seed) {
    List<Integer> spam = new ArrayList<>();
    List<Integer> ham = new ArrayList<>();
    for (int i = 0; i < isSpam.length; i++) {
      (isSpam[i] ? spam : ham).add(i);
    }
    if (spam.size() < folds || ham.size() < folds) {
      throw new IllegalArgumentException(
          folds
              + "-fold cross-validation needs at least "
              + folds
              + " spam and "
              + folds
              + " ham in the development data, got "
              + spam.size()
              + " spam and "
              + ham.size()
              + " ham");
    }
    Random random = new Random(seed);
    Collections.shuffle(spam, random);
    Collections.shuffle(ham, random);
    int[] foldOf = new int[isSpam.length];
    int next = 0;
    for (List<Integer> group : List.of(spam, ham)) {
      for (int index : group) {
        foldOf[index] = next;
        next = (next + 1) % folds;
      }
    }
    return new Folds(foldOf, folds);
  }

  /** Returns the number of folds. */
  public int count() {
    return folds;
  }

  /**
   * Returns the messages of one fold, ascending.
   *
   * @param fold 0-based fold
   * @return their indices
   */
  public int[] members(int fold) {
    return select(fold, true);
  }

  /**
   * Returns the messages of every other fold, ascending: what the fold's model trains on.
   *
   * @param fold 0-based fold
   * @return their indices
   */
  public int[] rest(int fold) {
    return select(fold, false);
  }

  private int[] select(int fold, boolean inside) {
    int count = 0;
    for (int f : foldOf) {
      count += (f == fold) == inside ? 1 : 0;
    }
    int[] out = new int[count];
    int n = 0;
    for (int i = 0; i < foldOf.length; i++) {
      if ((foldOf[i] == fold) == inside) {
        out[n++] = i;
      }
    }
    return out;
  }
}
