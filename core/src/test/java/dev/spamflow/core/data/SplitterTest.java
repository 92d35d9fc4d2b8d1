package dev.spamflow.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SplitterTest {

  private static final List<Message> MESSAGES = messages(1_000, 200);

  @Test
  void isStratifiedPerLabel() {
    DataSplit split = Splitter.split(MESSAGES, 0.1, 0.2, 42);

    assertThat(countSpam(split.test())).isEqualTo(40);
    assertThat(split.test()).hasSize(240);
    assertThat(countSpam(split.validation())).isEqualTo(20);
    assertThat(split.validation()).hasSize(120);
    assertThat(countSpam(split.train())).isEqualTo(140);
    assertThat(split.train()).hasSize(840);
  }

  @Test
  void partsAreDisjointAndCoverEverything() {
    DataSplit split = Splitter.split(MESSAGES, 0.1, 0.2, 7);

    List<Message> all = new ArrayList<>(split.train());
    all.addAll(split.validation());
    all.addAll(split.test());
    assertThat(all).containsExactlyInAnyOrderElementsOf(MESSAGES).doesNotHaveDuplicates();
  }

  @Test
  void sameSeedGivesTheSameSplitWhateverTheInputOrder() {
    List<Message> shuffled = new ArrayList<>(MESSAGES);
    Collections.shuffle(shuffled, new Random(99));

    DataSplit a = Splitter.split(MESSAGES, 0.1, 0.2, 42);
    DataSplit b = Splitter.split(shuffled, 0.1, 0.2, 42);

    assertThat(b).isEqualTo(a);
    assertThat(b.hashes()).isEqualTo(a.hashes());
  }

  @Test
  void anotherSeedGivesAnotherSplit() {
    SplitHashes a = Splitter.split(MESSAGES, 0.1, 0.2, 42).hashes();
    SplitHashes b = Splitter.split(MESSAGES, 0.1, 0.2, 43).hashes();

    assertThat(b.test()).isNotEqualTo(a.test());
    assertThat(b.train()).isNotEqualTo(a.train());
  }

  @Test
  void hashesAreTheContentHashOfEachPart() {
    DataSplit split = Splitter.split(MESSAGES, 0.0, 0.2, 1);

    assertThat(split.validation()).isEmpty();
    assertThat(split.hashes().test()).isEqualTo(ContentHash.of(split.test()));
    assertThat(split.hashes().train()).isEqualTo(ContentHash.of(split.train()));
  }

  @Test
  void needsBothLabels() {
    assertThatThrownBy(() -> Splitter.split(messages(10, 0), 0.1, 0.2, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs both spam and ham; found only ham");
  }

  @Test
  void needsEnoughOfEachLabelForEveryPart() {
    assertThatThrownBy(() -> Splitter.split(messages(100, 2), 0.1, 0.2, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("too few spam messages (2)");
  }

  @Test
  void rejectsFractionsThatLeaveNoTrainingData() {
    assertThatThrownBy(() -> Splitter.split(MESSAGES, 0.5, 0.5, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be < 1");
    assertThatThrownBy(() -> Splitter.split(MESSAGES, -0.1, 0.2, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static long countSpam(List<Message> messages) {
    return messages.stream().filter(m -> m.label() == Label.SPAM).count();
  }

  private static List<Message> messages(int ham, int spam) {
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < ham; i++) {
      messages.add(new Message("ham message " + i, Label.HAM));
    }
    for (int i = 0; i < spam; i++) {
      messages.add(new Message("spam message " + i, Label.SPAM));
    }
    return List.copyOf(messages);
  }
}
