package dev.spamflow.pipeline.feedback;

import dev.spamflow.core.data.DataSplit;
import dev.spamflow.core.data.DatasetFormat;
import dev.spamflow.core.data.DatasetReaders;
import dev.spamflow.core.data.Label;
import dev.spamflow.core.data.Message;
import dev.spamflow.core.data.ReadResult;
import dev.spamflow.core.data.ReaderLimits;
import dev.spamflow.core.data.RecordReader;
import dev.spamflow.core.feedback.FeedbackFormat;
import dev.spamflow.core.port.ObjectInfo;
import dev.spamflow.core.port.ObjectNotFoundException;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.core.text.TextFeatures;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the feedback a retraining learns from and turns it into training messages.
 *
 * <p>Each report is read with ingest's JSON Lines reader, so a report ingest would reject (no text,
 * a label outside the accepted spellings, an oversized record) is rejected here with the same
 * reason, and its text is cleaned as curate cleans. Then, in order:
 *
 * <ol>
 *   <li>per UTC day of the window, only the first {@link FeedbackSettings#maxPerDay()} reports by
 *       arrival are read at all;
 *   <li>a report whose message is already in the corpus — any part, the test part included — is
 *       dropped: the curated label stands, and a message the gate scores can never be trained on;
 *   <li>reports that give one message both labels are all dropped;
 *   <li>of the rest, at most {@link FeedbackSettings#maxShare()} of the training part's size is
 *       kept, the newest first.
 * </ol>
 *
 * The kept messages only ever join the training part: validation and test stay as curated, so
 * feedback cannot promote a model by itself.
 */
public final class FeedbackLabels {

  private static final Logger LOG = LoggerFactory.getLogger(FeedbackLabels.class);

  /** A report is one small JSON object; anything larger than this is not one of ours. */
  private static final ReaderLimits LIMITS = new ReaderLimits(64 * 1024);

  private FeedbackLabels() {}

  /**
   * How the reports were used.
   *
   * @param listed reports in the window
   * @param overDayCap reports past a day's cap, not read
   * @param rejected reports ingest's reader refused (or that vanished before they were read)
   * @param inCorpus reports on a message the corpus already holds
   * @param conflicting reports on a message others gave the other label
   * @param overShare reports past the share cap
   * @param used reports that became training messages
   */
  public record Counts(
      int listed,
      int overDayCap,
      int rejected,
      int inCorpus,
      int conflicting,
      int overShare,
      int used) {}

  /**
   * The feedback one retraining takes.
   *
   * @param keys the reports used, oldest first: the label's origin, recorded with the run
   * @param messages their cleaned texts and labels, in the same order
   * @param counts how every report in the window was used
   */
  public record Collected(List<String> keys, List<Message> messages, Counts counts) {

    /** No feedback. */
    public static final Collected NONE =
        new Collected(List.of(), List.of(), new Counts(0, 0, 0, 0, 0, 0, 0));

    /** Copies the lists. */
    public Collected {
      keys = List.copyOf(keys);
      messages = List.copyOf(messages);
      Objects.requireNonNull(counts, "counts");
    }

    /**
     * Returns the split with these messages added to its training part.
     *
     * @param split the curated split
     * @return the split to train on; validation, test and hashes unchanged
     */
    public DataSplit addTo(DataSplit split) {
      if (messages.isEmpty()) {
        return split;
      }
      List<Message> train = new ArrayList<>(split.train());
      train.addAll(messages);
      return new DataSplit(train, split.validation(), split.test(), split.hashes());
    }
  }

  /**
   * Collects the feedback received in the window ending at {@code now}.
   *
   * @param store where the reports are
   * @param settings the window and caps
   * @param now the window's end
   * @param corpus the curated split the retraining learns from
   * @return what to add, with how every report was used
   * @throws dev.spamflow.core.port.ObjectStoreException if the store fails
   */
  public static Collected collect(
      ObjectStore store, FeedbackSettings settings, Instant now, DataSplit corpus) {
    if (!settings.enabled()) {
      return Collected.NONE;
    }
    Instant start = now.minus(settings.window());
    List<String> candidates = new ArrayList<>();
    int listed = 0;
    int overDayCap = 0;
    LocalDate last = now.atOffset(ZoneOffset.UTC).toLocalDate();
    for (LocalDate day = start.atOffset(ZoneOffset.UTC).toLocalDate();
        !day.isAfter(last);
        day = day.plusDays(1)) {
      List<String> ofDay = new ArrayList<>();
      for (ObjectInfo object : store.list(FeedbackFormat.dayPrefix(day))) {
        Optional<Instant> received = FeedbackFormat.receivedAt(object.key());
        if (received.isPresent()
            && !received.get().isBefore(start)
            && !received.get().isAfter(now)) {
          ofDay.add(object.key());
        }
      }
      ofDay.sort(
          Comparator.comparing((String key) -> FeedbackFormat.receivedAt(key).orElseThrow()));
      listed += ofDay.size();
      int taken = Math.min(ofDay.size(), settings.maxPerDay());
      overDayCap += ofDay.size() - taken;
      candidates.addAll(ofDay.subList(0, taken));
    }
    int cap = (int) Math.floor(settings.maxShare() * corpus.train().size());
    return read(store, candidates, corpus, cap, listed, overDayCap);
  }

  /**
   * Reads a set of reports chosen before, as a resumed retraining does so that it learns from the
   * same labels as the attempt it takes over.
   *
   * @param store where the reports are
   * @param keys the reports, oldest first
   * @param corpus the curated split
   * @return what to add; a report deleted since counts as rejected
   */
  public static Collected reread(ObjectStore store, List<String> keys, DataSplit corpus) {
    return read(store, keys, corpus, keys.size(), keys.size(), 0);
  }

  private static Collected read(
      ObjectStore store,
      List<String> candidates,
      DataSplit corpus,
      int shareCap,
      int listed,
      int overDayCap) {
    Set<String> known = new HashSet<>();
    for (List<Message> part : List.of(corpus.train(), corpus.validation(), corpus.test())) {
      for (Message message : part) {
        known.add(TextFeatures.dedupKey(message.text()));
      }
    }
    int rejected = 0;
    int inCorpus = 0;
    // dedup key -> the reports on it, oldest first
    Map<String, List<Report>> byMessage = new LinkedHashMap<>();
    for (String key : candidates) {
      Optional<Message> message = parse(store, key);
      if (message.isEmpty()) {
        rejected++;
        continue;
      }
      String dedup = TextFeatures.dedupKey(message.get().text());
      if (known.contains(dedup)) {
        inCorpus++;
        continue;
      }
      byMessage.computeIfAbsent(dedup, k -> new ArrayList<>()).add(new Report(key, message.get()));
    }
    int conflicting = 0;
    List<Report> agreed = new ArrayList<>();
    for (List<Report> reports : byMessage.values()) {
      Label first = reports.getFirst().message().label();
      if (reports.stream().allMatch(r -> r.message().label() == first)) {
        // Repeats of one report add nothing; the first stands for all.
        agreed.add(reports.getFirst());
      } else {
        conflicting += reports.size();
      }
    }
    agreed.sort(Comparator.comparing(r -> FeedbackFormat.receivedAt(r.key()).orElse(Instant.MIN)));
    int overShare = Math.max(0, agreed.size() - shareCap);
    List<Report> kept = agreed.subList(overShare, agreed.size());
    List<String> keys = kept.stream().map(Report::key).toList();
    List<Message> messages = kept.stream().map(Report::message).toList();
    return new Collected(
        keys,
        messages,
        new Counts(listed, overDayCap, rejected, inCorpus, conflicting, overShare, kept.size()));
  }

  /** Reads one report with ingest's reader; empty (and a warning naming it) when refused. */
  private static Optional<Message> parse(ObjectStore store, String key) {
    byte[] bytes;
    try {
      bytes = store.getBytes(key);
    } catch (ObjectNotFoundException e) {
      LOG.warn("feedback: {} vanished before it was read; skipped", key);
      return Optional.empty();
    }
    try (RecordReader reader =
        DatasetReaders.open(
            new ByteArrayInputStream(bytes), key, DatasetFormat.JSON_LINES, LIMITS)) {
      if (!reader.hasNext()) {
        LOG.warn("feedback: {} is empty; skipped", key);
        return Optional.empty();
      }
      ReadResult first = reader.next();
      if (reader.hasNext()) {
        LOG.warn("feedback: {} holds more than one report; skipped", key);
        return Optional.empty();
      }
      return switch (first) {
        case ReadResult.Accepted accepted ->
            Optional.of(
                new Message(
                    TextFeatures.clean(accepted.message().text()), accepted.message().label()));
        case ReadResult.Unlabelled unlabelled -> throw unlabelled.unexpected(key);
        case ReadResult.Rejected(var reject) -> {
          LOG.warn("feedback: skipped, {}", reject.describe());
          yield Optional.empty();
        }
      };
    } catch (RuntimeException e) {
      LOG.warn("feedback: {} cannot be read ({}); skipped", key, e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * What a retraining records about its feedback, next to its result ({@code feedback.json}), so a
   * resumed attempt learns from the same reports and anyone can trace a label to its report.
   *
   * @param until the end of the window, ISO-8601
   * @param keys the reports used (their origin: each key names the object the label came from)
   * @param counts how every report in the window was used
   */
  public record Choice(String until, List<String> keys, Counts counts) {

    /** Copies the list. */
    public Choice {
      Objects.requireNonNull(until, "until");
      keys = List.copyOf(keys);
      Objects.requireNonNull(counts, "counts");
    }
  }

  private record Report(String key, Message message) {}
}
