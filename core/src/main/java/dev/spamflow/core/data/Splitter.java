package dev.spamflow.core.data;

import dev.spamflow.core.text.TextFeatures;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Cuts deduplicated messages into train, validation and test parts, stratified by label and
 * reproducible: the same messages and seed give the same parts whatever the input order.
 */
public final class Splitter {

  /** The validation fraction used unless a run says otherwise. */
  public static final double DEFAULT_VALIDATION_FRACTION = 0.1;

  /** The test fraction used unless a run says otherwise. */
  public static final double DEFAULT_TEST_FRACTION = 0.2;

  private Splitter() {}

  /**
   * Splits messages per label in the given proportions. Each label's messages are put in a
   * canonical order (by the SHA-256 of their dedup key, then text), shuffled with a {@link Random}
   * seeded with {@code seed}, and cut: test first, then validation, the rest is training. A
   * non-zero fraction always gets at least one message of each label. Each part is then shuffled,
   * so that labels are mixed for training.
   *
   * @param messages the messages, deduplicated (see {@link DatasetLoader})
   * @param validationFraction the share for validation, in [0, 1)
   * @param testFraction the share for test, in [0, 1)
   * @param seed the random seed
   * @return the three parts and their content hashes
   * @throws IllegalArgumentException when a fraction is out of range or they add up to 1 or more,
   *     when a label is missing ("needs both spam and ham; found only ham"), or when a label has
   *     too few messages to give every part one
   */
  public static DataSplit split(
      List<Message> messages, double validationFraction, double testFraction, long seed) {
    checkFraction("validationFraction", validationFraction);
    checkFraction("testFraction", testFraction);
    if (validationFraction + testFraction >= 1.0) {
      throw new IllegalArgumentException(
          "validationFraction + testFraction must be < 1 but was "
              + (validationFraction + testFraction));
    }
    List<Message> ham = canonical(messages, Label.HAM);
    List<Message> spam = canonical(messages, Label.SPAM);
    if (ham.isEmpty() || spam.isEmpty()) {
      String found =
          messages.isEmpty() ? "no messages" : "only " + (ham.isEmpty() ? "spam" : "ham");
      throw new IllegalArgumentException("a split needs both spam and ham; found " + found);
    }
    Random random = new Random(seed);
    List<Message> train = new ArrayList<>();
    List<Message> validation = new ArrayList<>();
    List<Message> test = new ArrayList<>();
    for (List<Message> group : List.of(ham, spam)) {
      Collections.shuffle(group, random);
      int n = group.size();
      int testCount = share(n, testFraction);
      int validationCount = share(n, validationFraction);
      if (n - testCount - validationCount < 1) {
        throw new IllegalArgumentException(
            "too few "
                + group.getFirst().label().wireName()
                + " messages ("
                + n
                + ") for validation "
                + validationFraction
                + " and test "
                + testFraction
                + ": every part needs at least one of each label");
      }
      test.addAll(group.subList(0, testCount));
      validation.addAll(group.subList(testCount, testCount + validationCount));
      train.addAll(group.subList(testCount + validationCount, n));
    }
    Collections.shuffle(train, random);
    Collections.shuffle(validation, random);
    Collections.shuffle(test, random);
    SplitHashes hashes =
        new SplitHashes(ContentHash.of(train), ContentHash.of(validation), ContentHash.of(test));
    return new DataSplit(train, validation, test, hashes);
  }

  private static int share(int n, double fraction) {
    return fraction == 0.0 ? 0 : Math.max(1, (int) Math.round(n * fraction));
  }

  private static void checkFraction(String name, double value) {
    if (!(value >= 0.0 && value < 1.0)) {
      throw new IllegalArgumentException(name + " must be in [0, 1) but was " + value);
    }
  }

  /** The messages of one label in an order that does not depend on the input order. */
  private static List<Message> canonical(List<Message> messages, Label label) {
    // Hex keeps the record free of arrays; hex order is the unsigned byte order.
    record Keyed(String key, Message message) {}
    HexFormat hex = HexFormat.of();
    List<Keyed> keyed = new ArrayList<>();
    for (Message message : messages) {
      if (message.label() == label) {
        keyed.add(
            new Keyed(
                hex.formatHex(ContentHash.sha256(TextFeatures.dedupKey(message.text()))), message));
      }
    }
    keyed.sort(Comparator.comparing(Keyed::key).thenComparing(k -> k.message().text()));
    List<Message> ordered = new ArrayList<>(keyed.size());
    for (Keyed k : keyed) {
      ordered.add(k.message());
    }
    return ordered;
  }
}
