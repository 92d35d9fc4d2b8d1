package dev.spamflow.pipeline.train;

import dev.spamflow.core.port.ExperimentTracker;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.core.port.RegistryEntryNotFoundException;
import dev.spamflow.core.port.Run;
import dev.spamflow.core.port.RunStatus;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.Manifests;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt at a dataset's search, recorded in {@code training/<id>/started.json} before any
 * trial runs, so that a crash mid-stage is found by the next delivery as <em>unfinished</em>, not
 * mistaken for done (there is no {@code result.json} yet) nor started again from nothing.
 *
 * <p>The marker names the search run the attempt opened and the trial runs it started, and says
 * when the attempt last showed it was alive (at every trial and every epoch). A delivery that finds
 * a marker whose heartbeat is older than the lease takes the attempt over: it marks the old trial
 * runs {@code KILLED}, keeps the same search run, and trains again under it, so the tracker still
 * holds one search run per dataset. A marker younger than the lease means another attempt is alive:
 * the delivery fails with {@link TrainingInProgressException} and is retried later.
 *
 * <p>The marker is removed once {@code result.json} is written. Thread-safe: trials that run side
 * by side report to the same attempt. The processes of a fanned-out search (one per trial, then the
 * select step) {@linkplain #join join} the attempt the prepare step began: they beat the same
 * marker and add their trial runs to it.
 */
final class TrainingAttempt {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingAttempt.class);

  /** Tag on the search run: how many attempts it took. */
  static final String ATTEMPT_TAG = "spamflow.attempt";

  /** Tag on a trial run of an attempt that did not finish. */
  static final String SUPERSEDED_TAG = "spamflow.superseded_by_attempt";

  /**
   * Heartbeats closer together than this are not written (a store write per epoch is plenty); the
   * search also beats on a timer this often, so a live attempt never looks silent.
   */
  static final Duration BEAT_SPACING = Duration.ofSeconds(5);

  /**
   * What {@code started.json} holds.
   *
   * @param runId the search run the attempt opened (or took over); null for the moment between
   *     marking the attempt and opening its run
   * @param attempt 1 for the first attempt, one more for each take-over
   * @param startedAt when this attempt started
   * @param heartbeatAt when it last showed it was alive
   * @param trialRunIds the trial runs it started so far
   */
  record Marker(
      String runId, int attempt, String startedAt, String heartbeatAt, List<String> trialRunIds) {}

  private final ObjectStore store;
  private final Clock clock;
  private final String key;
  private final List<String> trials = new ArrayList<>();
  private final String runId;
  private final int number;
  private final Instant startedAt;
  private final boolean joined;
  private Instant lastBeat;

  private TrainingAttempt(
      ObjectStore store,
      Clock clock,
      String key,
      String runId,
      int number,
      Instant startedAt,
      boolean joined) {
    this.store = store;
    this.clock = clock;
    this.key = key;
    this.runId = runId;
    this.number = number;
    this.startedAt = startedAt;
    this.joined = joined;
  }

  /**
   * Returns the key of a dataset's marker.
   *
   * @param dataset the dataset
   * @return {@code training/<id>/started.json}
   */
  static String markerKey(DatasetRef dataset) {
    return markerKey(dataset, "");
  }

  /**
   * Returns the key of the marker of a dataset's search, or of one of its retrainings.
   *
   * @param dataset the dataset
   * @param retrain empty for the dataset's own search, else the retraining's name
   * @return {@code training/<id>/started.json} or {@code training/<id>/retrain/<name>/started.json}
   */
  static String markerKey(DatasetRef dataset, String retrain) {
    return TrainFunction.folder(dataset, retrain) + "started.json";
  }

  /**
   * Begins an attempt: takes over an unfinished one whose lease ran out, or opens a new search run.
   *
   * @param newRun opens the search run when there is none to take over
   * @param kept whether a trial run of an earlier attempt finished with a recorded outcome ({@link
   *     TrialOutcome}); such a run is kept as it is, every other one is marked {@code KILLED}
   * @throws TrainingInProgressException if another attempt showed it was alive within the lease
   */
  static TrainingAttempt begin(
      ObjectStore store,
      ExperimentTracker tracker,
      Clock clock,
      Duration lease,
      DatasetRef dataset,
      String retrain,
      java.util.function.Supplier<Run> newRun,
      java.util.function.Predicate<String> kept) {
    String key = markerKey(dataset, retrain);
    Instant now = clock.instant();
    Optional<Marker> earlier =
        store.stat(key).isPresent()
            ? Optional.of(Manifests.read(store, key, Marker.class))
            : Optional.empty();
    String runId = null;
    int number = 1;
    if (earlier.isPresent()) {
      Marker marker = earlier.get();
      Duration silent = Duration.between(Instant.parse(marker.heartbeatAt()), now);
      if (silent.compareTo(lease) < 0) {
        throw new TrainingInProgressException(
            "dataset "
                + dataset.id()
                + " is being trained by attempt "
                + marker.attempt()
                + " (run "
                + marker.runId()
                + ", started "
                + marker.startedAt()
                + ", alive "
                + silent.toSeconds()
                + " s ago, lease "
                + lease.toSeconds()
                + " s); retry later");
      }
      number = claim(store, clock, lease, dataset, retrain, marker.attempt() + 1);
      if (marker.runId() != null) {
        try {
          tracker.getRun(marker.runId());
          runId = marker.runId();
        } catch (RegistryEntryNotFoundException e) {
          LOG.warn("train: unfinished attempt's run {} is gone; opening a new one", marker.runId());
        }
      }
      for (String trial : marker.trialRunIds()) {
        if (!kept.test(trial)) {
          supersede(tracker, trial, number);
        }
      }
      LOG.info(
          "train: dataset {}: attempt {} (run {}, started {}) did not finish; attempt {} takes"
              + " over {}",
          dataset.id(),
          marker.attempt(),
          marker.runId(),
          marker.startedAt(),
          number,
          runId == null ? "in a new run" : "the same run");
    }
    if (earlier.isEmpty()) {
      number = claim(store, clock, lease, dataset, retrain, 1);
    }
    if (runId == null) {
      // Marked before the run opens, so a crash from here on is seen as an unfinished attempt. A
      // crash between opening the run and the next write leaves that run RUNNING and named
      // nowhere (the tracker port cannot search runs by tag): one tracker call wide.
      new TrainingAttempt(store, clock, key, null, number, now, false).write(now);
      runId = newRun.get().id();
    }
    tracker.setTags(runId, Map.of(ATTEMPT_TAG, Integer.toString(number)));
    TrainingAttempt attempt = new TrainingAttempt(store, clock, key, runId, number, now, false);
    attempt.write(now);
    return attempt;
  }

  /**
   * What {@code attempts/<n>.json} holds: when a delivery claimed attempt {@code n}.
   *
   * @param claimedAt the instant
   */
  record Claim(String claimedAt) {}

  /**
   * Claims an attempt number with a conditional create of {@code attempts/<n>.json}, so that of two
   * deliveries that read the same expired marker (or no marker) at the same moment only one begins
   * the attempt; the other fails with {@link TrainingInProgressException} and is retried. Without
   * it both took over and trained the same trial side by side (seen in UploadToChampionIT: a
   * redelivery and a re-upload's event arrived 24 ms apart), overwriting each other's files. A
   * claim older than the lease whose claimer never went on to write the marker (it died in between)
   * is passed over for the next number.
   *
   * @param first the number the marker implies
   * @return the number claimed
   * @throws TrainingInProgressException if another delivery claimed it within the lease
   */
  private static int claim(
      ObjectStore store,
      Clock clock,
      Duration lease,
      DatasetRef dataset,
      String retrain,
      int first) {
    Instant now = clock.instant();
    byte[] json = Manifests.toJson(new Claim(now.toString()));
    for (int number = first; ; number++) {
      String key = TrainFunction.folder(dataset, retrain) + "attempts/" + number + ".json";
      if (store
          .putIfAbsent(
              key, new ByteArrayInputStream(json), json.length, "application/json", Map.of())
          .isPresent()) {
        return number;
      }
      Instant claimedAt = Instant.parse(Manifests.read(store, key, Claim.class).claimedAt());
      if (Duration.between(claimedAt, now).compareTo(lease) < 0) {
        throw new TrainingInProgressException(
            "dataset "
                + dataset.id()
                + ": attempt "
                + number
                + " was begun by another delivery at "
                + claimedAt
                + "; retry later");
      }
      LOG.warn(
          "train: dataset {}: attempt {} was claimed at {} but never began; claiming the next",
          dataset.id(),
          number,
          claimedAt);
    }
  }

  /**
   * Joins the attempt another process began (a fanned-out search's prepare step): beats its marker
   * and adds trial runs to it without taking it over.
   *
   * @param runId the search run the plan names
   * @throws IllegalStateException naming the marker when there is no open attempt of that run: the
   *     search was never prepared, has finished, or was taken over by an attempt in another run
   */
  static TrainingAttempt join(
      ObjectStore store, Clock clock, DatasetRef dataset, String retrain, String runId) {
    String key = markerKey(dataset, retrain);
    if (store.stat(key).isEmpty()) {
      throw new IllegalStateException(
          "no attempt of the search on dataset "
              + dataset.id()
              + " is open ('"
              + key
              + "' does not exist): run the prepare step first");
    }
    Marker marker = Manifests.read(store, key, Marker.class);
    if (!runId.equals(marker.runId())) {
      throw new IllegalStateException(
          "'"
              + key
              + "' names search run "
              + marker.runId()
              + ", not "
              + runId
              + " of the plan: the attempt was taken over; run the prepare step again");
    }
    TrainingAttempt attempt =
        new TrainingAttempt(
            store, clock, key, runId, marker.attempt(), Instant.parse(marker.startedAt()), true);
    attempt.trials.addAll(marker.trialRunIds());
    attempt.lastBeat = Instant.parse(marker.heartbeatAt());
    return attempt;
  }

  private static void supersede(ExperimentTracker tracker, String trial, int attempt) {
    try {
      tracker.setTags(trial, Map.of(SUPERSEDED_TAG, Integer.toString(attempt)));
      tracker.finishRun(trial, RunStatus.KILLED);
    } catch (RegistryEntryNotFoundException e) {
      // Nothing to mark.
    }
  }

  /** The search run. */
  String runId() {
    return runId;
  }

  /** 1 for a first attempt. */
  int number() {
    return number;
  }

  /** Records a trial run this attempt started. */
  synchronized void trialStarted(String trialRunId) {
    trials.add(trialRunId);
    write(clock.instant());
  }

  /** Shows the attempt is alive; cheap when called often. */
  synchronized void beat() {
    Instant now = clock.instant();
    if (Duration.between(lastBeat, now).compareTo(BEAT_SPACING) >= 0) {
      write(now);
    }
  }

  /** Removes the marker, once the result is recorded. */
  synchronized void finished() {
    store.delete(key);
  }

  private void write(Instant now) {
    if (joined) {
      // Other processes of the search write the same marker: keep the trial runs they added. Two
      // writes at the same moment can still drop one's run from the list; such a run is then left
      // as it is, not marked KILLED, by a take-over.
      if (store.stat(key).isEmpty()) {
        throw new IllegalStateException(
            "'" + key + "' is gone: the search of run " + runId + " has ended");
      }
      Marker current = Manifests.read(store, key, Marker.class);
      if (!runId.equals(current.runId()) || current.attempt() != number) {
        throw new IllegalStateException(
            "'"
                + key
                + "' now names attempt "
                + current.attempt()
                + " of run "
                + current.runId()
                + ": attempt "
                + number
                + " was taken over");
      }
      for (String trial : current.trialRunIds()) {
        if (!trials.contains(trial)) {
          trials.add(trial);
        }
      }
    }
    Marker marker =
        new Marker(runId, number, startedAt.toString(), now.toString(), List.copyOf(trials));
    store.put(key, Manifests.toJson(marker), "application/json");
    lastBeat = now;
  }
}
