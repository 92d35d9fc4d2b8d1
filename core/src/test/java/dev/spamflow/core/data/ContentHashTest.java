package dev.spamflow.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ContentHashTest {

  private static String streamed(List<Message> messages) {
    ContentHash.Accumulator hash = ContentHash.accumulator();
    messages.forEach(hash::add);
    return hash.finish();
  }

  @Test
  void theOrderDoesNotMatterButEveryMessageAndLabelDoes() {
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      messages.add(new Message("message " + i, i % 3 == 0 ? Label.SPAM : Label.HAM));
    }
    String original = ContentHash.of(messages);
    List<Message> shuffled = new ArrayList<>(messages);
    Collections.shuffle(shuffled, new Random(3));

    assertThat(ContentHash.of(shuffled)).isEqualTo(original);
    assertThat(streamed(shuffled)).isEqualTo(original);
    assertThat(ContentHash.of(messages.subList(1, 1000))).isNotEqualTo(original);
    List<Message> relabelled = new ArrayList<>(messages);
    relabelled.set(1, new Message("message 1", Label.SPAM));
    assertThat(ContentHash.of(relabelled)).isNotEqualTo(original);
    // A multiset: a message twice is not the same as once.
    List<Message> doubled = new ArrayList<>(messages);
    doubled.add(messages.getFirst());
    assertThat(ContentHash.of(doubled)).isNotEqualTo(original);
  }

  /**
   * Pins the algorithm: dataset ids are a prefix of this hash, so a change would make every
   * re-upload look new. The values were computed independently with Python's hashlib: SHA-256 of
   * the count (8 bytes, big-endian) and the 256-bit sum of SHA-256("label\ttext").
   */
  @Test
  void theValueIsPinnedAgainstAnIndependentComputation() {
    List<Message> messages =
        List.of(
            new Message("hello", Label.HAM),
            new Message("WIN a prize now", Label.SPAM),
            new Message("hello", Label.HAM));

    assertThat(ContentHash.of(messages))
        .isEqualTo("4bfae60bf3f803e82e29eba3c7fdb3913657fbd9d6f939bc7c77a86b5758bec8");
    assertThat(ContentHash.of(List.of()))
        .isEqualTo("2c34ce1df23b838c5abf2a7f6437cca3d3067ed509ff25f11df6b11b582b51eb");
  }
}
