package dev.spamflow.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.core.data.Label;
import dev.spamflow.core.data.Message;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultisetHashTest {

  private static String hash(List<Message> messages) {
    MultisetHash hash = new MultisetHash();
    messages.forEach(hash::add);
    return hash.finish();
  }

  @Test
  void theOrderDoesNotMatterButEveryMessageAndLabelDoes() {
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      messages.add(new Message("message " + i, i % 3 == 0 ? Label.SPAM : Label.HAM));
    }
    String original = hash(messages);
    List<Message> shuffled = new ArrayList<>(messages);
    Collections.shuffle(shuffled, new Random(3));

    assertThat(hash(shuffled)).isEqualTo(original);
    assertThat(hash(messages.subList(1, 1000))).isNotEqualTo(original);
    List<Message> relabelled = new ArrayList<>(messages);
    relabelled.set(1, new Message("message 1", Label.SPAM));
    assertThat(hash(relabelled)).isNotEqualTo(original);
    // A multiset: a message twice is not the same as once.
    List<Message> doubled = new ArrayList<>(messages);
    doubled.add(messages.getFirst());
    assertThat(hash(doubled)).isNotEqualTo(original);
    assertThat(hash(List.of())).hasSize(64);
  }
}
