package dev.spamflow.inference.log;

import static dev.spamflow.inference.log.LoggedObjects.lines;
import static dev.spamflow.inference.log.LoggedObjects.objects;
import static dev.spamflow.inference.log.LoggedObjects.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.core.port.ObjectInfo;
import dev.spamflow.core.port.ObjectStoreException;
import dev.spamflow.core.predictions.PredictionLogFormat;
import dev.spamflow.core.text.Features;
import dev.spamflow.core.text.TextFeatures;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The prediction log on the embedded file-system store. */
class PredictionLogTest {
  private static final Instant NOON = Instant.parse("2026-11-22T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOON, ZoneOffset.UTC);

  /** Retries within milliseconds, so that failure tests run quickly. */
  private static final PredictionLogSettings QUICK =
      PredictionLogSettings.DEFAULTS
          .withBackoff(Duration.ofMillis(1), Duration.ofMillis(5))
          .withMaxDelay(Duration.ofHours(1));

  @TempDir Path temp;

  private FileSystemObjectStore files;

  @BeforeEach
  void openStore() {
    files = new FileSystemObjectStore(temp.resolve("store"));
  }

  @Test
  void writesEachRecordAsAJsonLineWithItsTextFeatures() {
    String text = "WINNER!! Claim your £1000 prize at www.example.com or call 09061701461 NOW";
    try (PredictionLog log = new PredictionLog(files, QUICK, CLOCK)) {
      assertThat(log.offer(LoggedObjects.record(text, 0.97, "spam", "7", NOON))).isTrue();
    }

    List<JsonNode> lines = lines(files);
    assertThat(lines).hasSize(1);
    JsonNode line = lines.getFirst();
    assertThat(line.get("time").asText()).isEqualTo("2026-11-22T12:00:00Z");
    assertThat(line.get("text").asText()).isEqualTo(text);
    assertThat(line.get("label").asText()).isEqualTo("spam");
    assertThat(line.get("spam_probability").asDouble()).isEqualTo(0.97);
    assertThat(line.get("model_name").asText()).isEqualTo("spam-detector");
    assertThat(line.get("model_version").asText()).isEqualTo("7");
    TextFeatures.Analysis analysis = TextFeatures.analyse(text);
    assertThat(line.get("token_count").asInt()).isEqualTo(analysis.tokens().size());
    Features features = analysis.features();
    // Every feature drift iterates over is in the line, under the name the curated data uses.
    for (String name : Features.NAMES) {
      assertThat(line.has(name)).as(name).isTrue();
      assertThat(line.get(name).asDouble()).as(name).isEqualTo(features.asMap().get(name));
    }
    assertThat(line.get("has_url").isBoolean()).isTrue();
    assertThat(line.get("text_length").isInt()).isTrue();
  }

  @Test
  void batchesByCountIntoGzippedObjectsUnderTheDateFolder() {
    try (PredictionLog log = new PredictionLog(files, QUICK.withBatchSize(2), CLOCK)) {
      for (int i = 0; i < 5; i++) {
        log.offer(record("message " + i, NOON.plusSeconds(i)));
      }
    }

    List<ObjectInfo> objects = objects(files);
    assertThat(objects).hasSize(3);
    for (ObjectInfo object : objects) {
      assertThat(object.key())
          .startsWith("predictions/date=2026-11-22/")
          .endsWith(PredictionLogFormat.EXTENSION);
      assertThat(object.contentType()).isEqualTo(PredictionLogFormat.CONTENT_TYPE);
    }
    assertThat(objects).extracting(o -> o.metadata().get("records")).containsExactly("2", "2", "1");
    assertThat(lines(files))
        .extracting(line -> line.get("text").asText())
        .containsExactly("message 0", "message 1", "message 2", "message 3", "message 4");
  }

  @Test
  void aBatchAcrossMidnightIsSplitByTheRecordsUtcDate() {
    Instant beforeMidnight = Instant.parse("2026-11-22T23:59:59.999Z");
    Instant afterMidnight = Instant.parse("2026-11-23T00:00:00Z");
    try (PredictionLog log = new PredictionLog(files, QUICK, CLOCK)) {
      log.offer(record("late", beforeMidnight));
      log.offer(record("early", afterMidnight));
      log.offer(record("also late", beforeMidnight));
    }

    assertThat(linesIn("predictions/date=2026-11-22/"))
        .extracting(line -> line.get("text").asText())
        .containsExactly("late", "also late");
    assertThat(linesIn("predictions/date=2026-11-23/"))
        .extracting(line -> line.get("text").asText())
        .containsExactly("early");
  }

  @Test
  void keysAreUniqueAndSortInTheOrderTheBatchesWereWritten() {
    // A fixed clock gives every batch the same time: the sequence number alone keeps order.
    try (PredictionLog log = new PredictionLog(files, QUICK.withBatchSize(1), CLOCK)) {
      for (int i = 0; i < 12; i++) {
        log.offer(record("message " + i, NOON));
      }
    }

    List<ObjectInfo> objects = objects(files);
    assertThat(objects).hasSize(12);
    // list() returns key order; the texts prove that it is also write order.
    assertThat(lines(files))
        .extracting(line -> line.get("text").asText())
        .containsExactlyElementsOf(IntStream.range(0, 12).mapToObj(i -> "message " + i).toList());
  }

  @Test
  void twoLogsOnOneStoreNeverShareAKey() {
    try (PredictionLog first = new PredictionLog(files, QUICK.withBatchSize(1), CLOCK);
        PredictionLog second = new PredictionLog(files, QUICK.withBatchSize(1), CLOCK)) {
      for (int i = 0; i < 5; i++) {
        first.offer(record("first " + i, NOON));
        second.offer(record("second " + i, NOON));
      }
    }

    assertThat(objects(files)).hasSize(10);
  }

  @Test
  void aPartialBatchIsWrittenAfterTheMaximumDelay() {
    PredictionLogSettings settings = QUICK.withMaxDelay(Duration.ofMillis(20));
    try (PredictionLog log = new PredictionLog(files, settings, CLOCK)) {
      log.offer(record("one", NOON));
      log.offer(record("two", NOON));

      // Still open: only the delay can have cut this batch of 2 (the batch size is 1,000).
      awaitUntil(() -> log.written() == 2, "two records written before close");
      assertThat(objects(files)).hasSize(1);
    }
  }

  @Test
  void closeWritesWhatIsQueuedWithoutWaitingForTheDelay() {
    PredictionLog log = new PredictionLog(files, QUICK, CLOCK);
    for (int i = 0; i < 10; i++) {
      log.offer(record("message " + i, NOON));
    }

    log.close();

    assertThat(log.written()).isEqualTo(10);
    assertThat(lines(files)).hasSize(10);
    assertThat(log.dropped()).isZero();
    assertThat(log.lost()).isZero();
  }

  @Test
  void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
    ScriptedStore store = new ScriptedStore(files).hold();
    PredictionLogSettings settings = QUICK.withBatchSize(1).withQueueCapacity(4);
    try (PredictionLog log = new PredictionLog(store, settings, CLOCK)) {
      log.offer(record("taken by the writer", NOON));
      store.awaitPut();

      // The writer is stuck in the store: four records fit the queue, the other six are dropped.
      List<Boolean> accepted = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        accepted.add(log.offer(record("queued " + i, NOON)));
      }

      assertThat(accepted)
          .containsExactly(true, true, true, true, false, false, false, false, false, false);
      assertThat(log.dropped()).isEqualTo(6);
      assertThat(log.queued()).isEqualTo(4);
      store.release();
    }
    assertThat(lines(files)).hasSize(5);
  }

  @Test
  void aFailingStoreIsRetriedUnderTheSameKeyUntilTheBatchIsStored() {
    ScriptedStore store =
        new ScriptedStore(files).failNext(3, new ObjectStoreException("MinIO unreachable"));
    PredictionLog log = new PredictionLog(store, QUICK, CLOCK);
    for (int i = 0; i < 3; i++) {
      log.offer(record("message " + i, NOON));
    }

    log.close();

    assertThat(log.failures()).isEqualTo(3);
    assertThat(log.written()).isEqualTo(3);
    assertThat(log.lost()).isZero();
    // Four tries of one object: a try that reached the store before failing is replaced, not
    // duplicated.
    assertThat(store.attemptedKeys()).hasSize(4);
    assertThat(new HashSet<>(store.attemptedKeys())).hasSize(1);
    assertThat(lines(files)).hasSize(3);
  }

  @Test
  void offersDuringAnOutageStayQueuedAndAreWrittenOnceTheStoreRecovers() throws Exception {
    ScriptedStore store =
        new ScriptedStore(files).failNext(20, new ObjectStoreException("MinIO unreachable"));
    PredictionLogSettings settings = QUICK.withBatchSize(5).withMaxDelay(Duration.ofMillis(20));
    try (PredictionLog log = new PredictionLog(store, settings, CLOCK)) {
      for (int i = 0; i < 12; i++) {
        assertThat(log.offer(record("message " + i, NOON))).isTrue();
      }
      awaitUntil(() -> log.written() == 12, "all written after the outage");
      assertThat(log.failures()).isEqualTo(20);
    }
    assertThat(lines(files)).hasSize(12);
  }

  @Test
  void closeGivesUpOnAStoreThatStaysDownAndCountsWhatIsLost() {
    ScriptedStore store =
        new ScriptedStore(files)
            .failNext(Integer.MAX_VALUE, new ObjectStoreException("MinIO unreachable"));
    PredictionLog log =
        new PredictionLog(
            store, QUICK.withBatchSize(2).withCloseTimeout(Duration.ofMillis(200)), CLOCK);
    for (int i = 0; i < 5; i++) {
      log.offer(record("message " + i, NOON));
    }

    log.close();

    assertThat(log.written()).isZero();
    assertThat(log.lost()).isEqualTo(5);
    assertThat(log.failures()).isPositive();
    assertThat(objects(files)).isEmpty();
  }

  @Test
  void aBatchTheStoreRefusesOutrightIsCountedAsLostAndLoggingGoesOn() {
    ScriptedStore store =
        new ScriptedStore(files).failNext(1, new IllegalArgumentException("content too large"));
    PredictionLog log = new PredictionLog(store, QUICK.withBatchSize(2), CLOCK);
    for (int i = 0; i < 4; i++) {
      log.offer(record("message " + i, NOON));
    }

    log.close();

    assertThat(log.lost()).isEqualTo(2);
    assertThat(log.written()).isEqualTo(2);
    assertThat(log.failures()).isEqualTo(1);
  }

  @Test
  void afterCloseOffersAreRefusedAndCounted() {
    PredictionLog log = new PredictionLog(files, QUICK, CLOCK);
    log.close();

    assertThat(log.offer(record("too late", NOON))).isFalse();
    assertThat(log.offer(null)).isFalse();
    assertThat(log.dropped()).isEqualTo(1);
    log.close();
    assertThat(objects(files)).isEmpty();
  }

  private List<JsonNode> linesIn(String folder) {
    List<JsonNode> lines = new ArrayList<>();
    for (ObjectInfo object : files.list(folder)) {
      lines.addAll(lines(files, object.key()));
    }
    return lines;
  }

  /** Waits for a condition the writer thread brings about; fails after 30 s. */
  static void awaitUntil(BooleanSupplier condition, String what) {
    awaitUntil(condition, what, null);
  }

  /**
   * Waits for a condition the writer thread brings about; fails after 30 s, showing the log's
   * counters.
   */
  static void awaitUntil(BooleanSupplier condition, String what, PredictionLog log) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(
            "not within 30 s: "
                + what
                + (log == null
                    ? ""
                    : String.format(
                        " (written %d, queued %d, failures %d, dropped %d, lost %d)",
                        log.written(), log.queued(), log.failures(), log.dropped(), log.lost())));
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for: " + what, e);
      }
    }
  }
}
