package dev.spamflow.inference.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spamflow.core.predictions.PredictionLogFormat;
import dev.spamflow.core.predictions.PredictionRecord;
import dev.spamflow.core.text.Features;
import dev.spamflow.core.text.TextFeatures;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The log's settings, records and key layout reject what would break the log later. */
class PredictionLogSettingsTest {
  @Test
  void theDefaultsBoundMemoryAndBatchSensibly() {
    PredictionLogSettings defaults = PredictionLogSettings.DEFAULTS;

    assertThat(defaults.batchSize()).isLessThanOrEqualTo(defaults.queueCapacity());
    assertThat(defaults.maxBackoff()).isGreaterThanOrEqualTo(defaults.initialBackoff());
  }

  @Test
  void rejectsSizesAndDurationsThatCannotWork() {
    PredictionLogSettings defaults = PredictionLogSettings.DEFAULTS;

    assertThatThrownBy(() -> defaults.withQueueCapacity(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withQueueCapacity(10).withBatchSize(11))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batchSize");
    assertThatThrownBy(() -> defaults.withMaxDelay(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxDelay");
    assertThatThrownBy(() -> defaults.withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBackoff");
    assertThatThrownBy(() -> defaults.withCloseTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRecordNeedsEveryFieldAndAProbability() {
    Instant now = Instant.parse("2026-11-22T12:00:00Z");

    Features features = TextFeatures.features("hi");

    assertThatThrownBy(() -> new PredictionRecord(null, 0.5, "ham", "m", "1", now, 1, features))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new PredictionRecord("hi", 0.5, "ham", "m", "1", now, 1, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(
            () -> new PredictionRecord("hi", Double.NaN, "ham", "m", "1", now, 1, features))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PredictionRecord("hi", 1.5, "ham", "m", "1", now, 1, features))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PredictionRecord("hi", 0.5, "ham", "m", "1", now, -1, features))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keysSortByBatchTimeThenWriterThenSequence() {
    LocalDate day = LocalDate.parse("2026-11-22");
    Instant time = Instant.parse("2026-11-22T06:19:46.123Z");

    String key = PredictionLogFormat.key(day, time, "0a1b2c3d", 42);

    assertThat(key)
        .isEqualTo("predictions/date=2026-11-22/20261122T061946123Z-0a1b2c3d-000000042.jsonl.gz");
    assertThat(PredictionLogFormat.key(day, time, "0a1b2c3d", 9))
        .isLessThan(PredictionLogFormat.key(day, time, "0a1b2c3d", 10));
    assertThat(PredictionLogFormat.key(day, time.plusMillis(1), "00000000", 0)).isGreaterThan(key);
  }
}
