package dev.spamflow.pipeline.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.core.data.DataSplit;
import dev.spamflow.core.data.DatasetLoader;
import dev.spamflow.core.data.Label;
import dev.spamflow.core.data.Message;
import dev.spamflow.core.data.SplitHashes;
import dev.spamflow.core.data.TestData;
import dev.spamflow.core.feedback.FeedbackFormat;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.core.text.TextFeatures;
import dev.spamflow.pipeline.TestStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which feedback a retraining takes, over real SMS messages as the corpus and real e-mail messages
 * as what users report: reports are read with ingest's reader, deduplicated against every part of
 * the corpus, conflicts dropped and caps applied, and the result only ever joins the training part.
 */
class FeedbackLabelsTest {

  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

  private static List<Message> sms;
  private static List<Message> emails;

  @TempDir Path dir;
  private ObjectStore store;
  private DataSplit corpus;

  @BeforeEach
  void corpus() {
    if (sms == null) {
      sms = DatasetLoader.load(List.of(TestData.sms())).messages();
      emails = DatasetLoader.load(List.of(TestData.email())).messages();
    }
    store = TestStores.open(dir);
    corpus =
        new DataSplit(sms.subList(0, 400), sms.subList(400, 450), sms.subList(450, 500), hashes());
  }

  @Test
  void newReportsJoinTheTrainingPartOnlyCleanedAndInArrivalOrder() {
    String first = report(NOW.minus(Duration.ofHours(3)), "  FREE  entry\u0007 now ", Label.SPAM);
    String second = report(NOW.minus(Duration.ofHours(2)), emails.get(0).text(), Label.HAM);

    FeedbackLabels.Collected collected =
        FeedbackLabels.collect(store, FeedbackSettings.DEFAULT, NOW, corpus);

    assertThat(collected.keys()).containsExactly(first, second);
    assertThat(collected.messages())
        .containsExactly(
            new Message(TextFeatures.clean("  FREE  entry\u0007 now "), Label.SPAM),
            new Message(TextFeatures.clean(emails.get(0).text()), Label.HAM));
    assertThat(collected.counts()).isEqualTo(new FeedbackLabels.Counts(2, 0, 0, 0, 0, 0, 2));
    DataSplit trained = collected.addTo(corpus);
    assertThat(trained.train()).hasSize(402).endsWith(collected.messages().toArray(Message[]::new));
    assertThat(trained.validation()).isEqualTo(corpus.validation());
    assertThat(trained.test()).isEqualTo(corpus.test());
    assertThat(trained.hashes()).isEqualTo(corpus.hashes());
  }

  @Test
  void aReportOnAMessageOfAnyCorpusPartIsDroppedSoTheGatesTestPartStaysClean() {
    Message inTest = corpus.test().get(7);
    Message inTrain = corpus.train().get(3);
    Label flipped = inTest.label() == Label.SPAM ? Label.HAM : Label.SPAM;
    // Other capitals and spacing are still the same message.
    report(NOW.minusSeconds(60), "  " + inTest.text().toUpperCase(java.util.Locale.ROOT), flipped);
    report(NOW.minusSeconds(50), inTrain.text(), inTrain.label());
    report(NOW.minusSeconds(40), corpus.validation().get(0).text(), Label.SPAM);

    FeedbackLabels.Collected collected =
        FeedbackLabels.collect(store, FeedbackSettings.DEFAULT, NOW, corpus);

    assertThat(collected.messages()).isEmpty();
    assertThat(collected.counts().inCorpus()).isEqualTo(3);
    assertThat(collected.addTo(corpus)).isSameAs(corpus);
  }

  @Test
  void reportsThatDisagreeAreAllDroppedAndRepeatsCountOnce() {
    String text = emails.get(1).text();
    report(NOW.minusSeconds(300), text, Label.SPAM);
    report(NOW.minusSeconds(200), text.toLowerCase(java.util.Locale.ROOT), Label.HAM);
    String kept = report(NOW.minusSeconds(100), emails.get(2).text(), Label.SPAM);
    report(NOW.minusSeconds(90), emails.get(2).text(), Label.SPAM);

    FeedbackLabels.Collected collected =
        FeedbackLabels.collect(store, FeedbackSettings.DEFAULT, NOW, corpus);

    assertThat(collected.keys()).containsExactly(kept);
    assertThat(collected.counts().conflicting()).isEqualTo(2);
    assertThat(collected.counts().used()).isEqualTo(1);
  }

  @Test
  void aReportIngestWouldRejectIsRejectedHereNamingItsKey() {
    Instant at = NOW.minusSeconds(30);
    String badLabel = FeedbackFormat.newKey(at);
    store.put(
        badLabel,
        "{\"text\":\"win a prize\",\"label\":\"maybe\"}".getBytes(StandardCharsets.UTF_8),
        FeedbackFormat.CONTENT_TYPE);
    String notJson = FeedbackFormat.newKey(at.plusMillis(1));
    store.put(notJson, "not json".getBytes(StandardCharsets.UTF_8), FeedbackFormat.CONTENT_TYPE);
    String empty = FeedbackFormat.newKey(at.plusMillis(2));
    store.put(
        empty,
        "{\"text\":\"   \",\"label\":\"spam\"}".getBytes(StandardCharsets.UTF_8),
        FeedbackFormat.CONTENT_TYPE);
    // Not a report's name: never read.
    store.put(
        "feedback/date=2026-12-02/notes.txt",
        "x".getBytes(StandardCharsets.UTF_8),
        FeedbackFormat.CONTENT_TYPE);

    FeedbackLabels.Collected collected =
        FeedbackLabels.collect(store, FeedbackSettings.DEFAULT, NOW, corpus);

    assertThat(collected.messages()).isEmpty();
    assertThat(collected.counts()).isEqualTo(new FeedbackLabels.Counts(3, 0, 3, 0, 0, 0, 0));
  }

  @Test
  void theWindowAndTheCapsBoundWhatAnyTokenHolderCanAdd() {
    List<String> dayOne = new ArrayList<>();
    Instant yesterday = Instant.parse("2026-12-01T08:00:00Z");
    for (int i = 0; i < 5; i++) {
      dayOne.add(report(yesterday.plusSeconds(i), emails.get(10 + i).text(), Label.SPAM));
    }
    List<String> today = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      today.add(report(NOW.minusSeconds(100 - i), emails.get(20 + i).text(), Label.HAM));
    }
    report(NOW.minus(Duration.ofDays(31)), emails.get(30).text(), Label.SPAM);
    report(NOW.plusSeconds(60), emails.get(31).text(), Label.SPAM);

    FeedbackLabels.Collected capped =
        FeedbackLabels.collect(store, FeedbackSettings.DEFAULT.withMaxPerDay(3), NOW, corpus);

    // The first three of each day are read; the other two of each are past the day's cap.
    assertThat(capped.keys())
        .containsExactly(
            dayOne.get(0), dayOne.get(1), dayOne.get(2), today.get(0), today.get(1), today.get(2));
    assertThat(capped.counts().overDayCap()).isEqualTo(4);
    assertThat(capped.counts().listed()).isEqualTo(10);

    // A share of 1 % of 400 training messages is 4: the newest four are kept.
    FeedbackLabels.Collected shared =
        FeedbackLabels.collect(
            store, new FeedbackSettings(Duration.ofDays(30), 200, 0.01), NOW, corpus);
    assertThat(shared.keys()).containsExactlyElementsOf(today.subList(1, 5));
    assertThat(shared.counts().overShare()).isEqualTo(6);

    assertThat(FeedbackLabels.collect(store, FeedbackSettings.OFF, NOW, corpus).messages())
        .isEmpty();
  }

  @Test
  void rereadingTheChosenKeysGivesTheSameLabelsAndCountsAReportDeletedSince() {
    String a = report(NOW.minusSeconds(20), emails.get(40).text(), Label.SPAM);
    String b = report(NOW.minusSeconds(10), emails.get(41).text(), Label.HAM);
    FeedbackLabels.Collected chosen =
        FeedbackLabels.collect(store, FeedbackSettings.DEFAULT, NOW, corpus);
    // Arrives after the choice: a resumed attempt must not take it.
    report(NOW.minusSeconds(5), emails.get(42).text(), Label.SPAM);

    FeedbackLabels.Collected again = FeedbackLabels.reread(store, chosen.keys(), corpus);
    assertThat(again.keys()).containsExactly(a, b);
    assertThat(again.messages()).isEqualTo(chosen.messages());

    store.delete(b);
    FeedbackLabels.Collected afterDelete = FeedbackLabels.reread(store, chosen.keys(), corpus);
    assertThat(afterDelete.keys()).containsExactly(a);
    assertThat(afterDelete.counts().rejected()).isEqualTo(1);
  }

  /** Stores a report as the inference service does. */
  private String report(Instant at, String text, Label label) {
    String key = FeedbackFormat.newKey(at);
    store.put(
        key,
        FeedbackFormat.encode(text, label, at, Optional.of("spam-detector"), Optional.of("1")),
        FeedbackFormat.CONTENT_TYPE);
    return key;
  }

  private static SplitHashes hashes() {
    return new SplitHashes("a".repeat(64), "b".repeat(64), "c".repeat(64));
  }
}
