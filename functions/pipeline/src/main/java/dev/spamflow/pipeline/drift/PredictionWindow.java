package dev.spamflow.pipeline.drift;

import dev.spamflow.core.port.ObjectInfo;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.core.predictions.PredictionLogFormat;
import dev.spamflow.core.predictions.PredictionRecord;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A window of the prediction log ({@link PredictionLogFormat}): the predictions made in {@code
 * [start, end)}, read from the {@code date=} folders the range touches.
 *
 * @param start the first time (inclusive)
 * @param end the last time (exclusive)
 * @param records the predictions, oldest first
 * @param unreadable lines or objects that could not be read (each logged), not in {@code records}
 */
public record PredictionWindow(
    Instant start, Instant end, List<PredictionRecord> records, int unreadable) {
  private static final Logger LOG = LoggerFactory.getLogger(PredictionWindow.class);

  /** Copies the list. */
  public PredictionWindow {
    records = List.copyOf(records);
  }

  /**
   * Reads the predictions of a time range, keeping the newest {@code max} when there are more.
   *
   * @param store the store holding {@code predictions/}
   * @param start the first time (inclusive)
   * @param end the last time (exclusive)
   * @param max predictions kept at most
   * @return the window
   */
  public static PredictionWindow between(ObjectStore store, Instant start, Instant end, int max) {
    List<PredictionRecord> records = new ArrayList<>();
    int unreadable = 0;
    for (LocalDate day = PredictionLogFormat.dateOf(start);
        !day.isAfter(PredictionLogFormat.dateOf(end));
        day = day.plusDays(1)) {
      unreadable += readDay(store, day, start, end, records);
    }
    records.sort(Comparator.comparing(PredictionRecord::time));
    if (records.size() > max) {
      records = new ArrayList<>(records.subList(records.size() - max, records.size()));
    }
    return new PredictionWindow(start, end, records, unreadable);
  }

  /**
   * Reads the last {@code count} predictions before {@code end}, looking back day by day at most
   * {@code lookback}.
   *
   * @param store the store holding {@code predictions/}
   * @param end the last time (exclusive)
   * @param count predictions wanted
   * @param lookback how far back to look at most
   * @return the window; it starts at its oldest prediction (or {@code end − lookback} when it holds
   *     fewer than {@code count})
   */
  public static PredictionWindow last(
      ObjectStore store, Instant end, int count, Duration lookback) {
    Instant limit = end.minus(lookback);
    List<PredictionRecord> records = new ArrayList<>();
    int unreadable = 0;
    for (LocalDate day = PredictionLogFormat.dateOf(end);
        !day.isBefore(PredictionLogFormat.dateOf(limit)) && records.size() < count;
        day = day.minusDays(1)) {
      unreadable += readDay(store, day, limit, end, records);
    }
    records.sort(Comparator.comparing(PredictionRecord::time));
    if (records.size() > count) {
      records = new ArrayList<>(records.subList(records.size() - count, records.size()));
    }
    Instant start = records.size() >= count ? records.get(0).time() : limit;
    return new PredictionWindow(start, end, records, unreadable);
  }

  /** Adds one day's predictions within the range; returns how many lines could not be read. */
  private static int readDay(
      ObjectStore store, LocalDate day, Instant start, Instant end, List<PredictionRecord> into) {
    int unreadable = 0;
    for (ObjectInfo object : store.list(PredictionLogFormat.folder(day))) {
      if (!object.key().endsWith(PredictionLogFormat.EXTENSION)) {
        continue;
      }
      PredictionLogFormat.Decoded decoded;
      try {
        decoded = PredictionLogFormat.decode(store.getBytes(object.key()));
      } catch (IOException e) {
        LOG.warn(
            "{}: not a readable prediction log object, skipped: {}", object.key(), e.toString());
        unreadable++;
        continue;
      }
      if (decoded.unreadable() > 0) {
        LOG.warn(
            "{}: {} lines were not predictions of this layout and were skipped",
            object.key(),
            decoded.unreadable());
      }
      unreadable += decoded.unreadable();
      for (PredictionRecord record : decoded.records()) {
        if (!record.time().isBefore(start) && record.time().isBefore(end)) {
          into.add(record);
        }
      }
    }
    return unreadable;
  }
}
