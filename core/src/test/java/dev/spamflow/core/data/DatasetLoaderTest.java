package dev.spamflow.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLoaderTest {

  @TempDir Path dir;

  @Test
  void deduplicatesTheSmsCollection() {
    LoadedDataset data = DatasetLoader.load(List.of(TestData.sms()));

    // The README counts 5,171 distinct texts byte for byte. The dedup key merges 13 more pairs
    // of spam re-sends: 11 differ only by a trailing space, one by the case of a word ("In"/"in")
    // and one by a Windows-1252 quote mis-decoded as U+0093 instead of a proper U+201C.
    // No duplicate carries the other label.
    assertThat(data.stats()).isEqualTo(new DatasetStats(5_574, 5_158, 0, 416, 0));
    assertThat(data.messages()).hasSize(5_158);
  }

  @Test
  void keepsTheFirstOfNearDuplicatesAndCountsConflicts() throws IOException {
    Path file =
        write(
            "a.tsv",
            """
            ham\tSee you at 5 &amp; bring snacks
            ham\tsee you at 5  & bring   SNACKS
            spam\tSee you at 5 & bring snacks
            spam\tWIN a prize
            """);

    LoadedDataset data = DatasetLoader.load(List.of(file));

    assertThat(data.messages())
        .containsExactly(
            new Message("See you at 5 &amp; bring snacks", Label.HAM),
            new Message("WIN a prize", Label.SPAM));
    assertThat(data.stats()).isEqualTo(new DatasetStats(4, 2, 0, 2, 1));
  }

  @Test
  void contentHashDoesNotDependOnFileOrRowOrder() throws IOException {
    Path first = write("first.tsv", "ham\tone\nspam\ttwo\n");
    Path second = write("second.jsonl", "{\"text\":\"three\",\"label\":\"ham\"}\n");
    Path reordered = write("all.csv", "label,text\nham,three\nspam,two\nham,one\n");

    String hash = DatasetLoader.load(List.of(first, second)).contentHash();

    assertThat(DatasetLoader.load(List.of(second, first)).contentHash()).isEqualTo(hash);
    assertThat(DatasetLoader.load(List.of(reordered)).contentHash()).isEqualTo(hash);
    assertThat(hash).hasSize(64).isNotEqualTo(DatasetLoader.load(List.of(first)).contentHash());
  }

  @Test
  void keepsTheFirstThousandRejectsAndCountsThemAll() throws IOException {
    Path file = write("bad.tsv", "maybe\tx\n".repeat(1_005) + "ham\tfine\n");

    LoadedDataset data = DatasetLoader.load(List.of(file));

    assertThat(data.rejects()).hasSize(DatasetLoader.MAX_KEPT_REJECTS);
    assertThat(data.rejects().getLast().row()).isEqualTo(1_000);
    assertThat(data.stats().rejected()).isEqualTo(1_005);
    assertThat(data.messages()).containsExactly(new Message("fine", Label.HAM));
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }
}
