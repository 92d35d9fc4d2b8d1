package dev.spamflow.pipeline.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spamflow.adapters.fs.FileSystemModelRegistry;
import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.core.port.ObjectInfo;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.core.port.ObjectStoreException;
import dev.spamflow.core.port.Run;
import dev.spamflow.core.port.RunStatus;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.Manifests;
import dev.spamflow.pipeline.TestStores;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A search cut short (a crash, a failure after the work) is found as unfinished by the next
 * delivery and taken over in the same search run; one still alive makes the delivery wait.
 */
class TrainResumeTest {

  @TempDir Path dir;

  private FileSystemObjectStore store;
  private FileSystemModelRegistry registry;
  private DatasetRef dataset;
  private TrainSettings settings;

  @BeforeEach
  void curate() {
    store = TestStores.open(dir);
    registry = new FileSystemModelRegistry(dir.resolve("registry"));
    dataset = TrainingFixtures.curatedSms(store, dir.resolve("tmp"));
    settings = TrainingFixtures.tinySearch(1, dir.resolve("tmp"));
  }

  @Test
  void aSearchCutShortBeforeItsResultIsTakenOverInTheSameRun() throws IOException {
    // The first attempt does all the work and dies as it records the result, as a kill -9 would.
    ObjectStore failing = HookedStore.failingOn(store, TrainFunction.resultKey(dataset));
    TrainFunction first = new TrainFunction(failing, registry, settings.withLease(Duration.ZERO));
    assertThatThrownBy(() -> first.apply(dataset)).isInstanceOf(ObjectStoreException.class);
    TrainingAttempt.Marker left =
        Manifests.read(store, TrainFunction.startedKey(dataset), TrainingAttempt.Marker.class);
    assertThat(left.attempt()).isEqualTo(1);
    assertThat(left.trialRunIds()).hasSize(1);

    TrainResult second =
        new TrainFunction(store, registry, settings.withLease(Duration.ZERO)).apply(dataset);

    assertThat(second.status()).isEqualTo(TrainResult.Status.TRAINED);
    assertThat(second.runId()).isEqualTo(left.runId());
    Run search = registry.getRun(second.runId());
    assertThat(search.status()).isEqualTo(RunStatus.FINISHED);
    assertThat(search.tags()).containsEntry(TrainingAttempt.ATTEMPT_TAG, "2");
    // One search run for the dataset; the first attempt's trial had finished and recorded its
    // outcome, so the second attempt keeps it (its run stays FINISHED) instead of training again.
    assertThat(searchRuns()).extracting(Run::id).containsExactly(left.runId());
    String kept = left.trialRunIds().getFirst();
    assertThat(second.bestTrialRunId()).isEqualTo(kept);
    assertThat(registry.getRun(kept).status()).isEqualTo(RunStatus.FINISHED);
    assertThat(registry.getRun(kept).tags()).doesNotContainKey(TrainingAttempt.SUPERSEDED_TAG);
    assertThat(trialRuns()).extracting(Run::id).containsExactly(kept);
    assertThat(store.stat(TrainFunction.startedKey(dataset))).isEmpty();
    assertThat(store.stat(TrainFunction.resultKey(dataset))).isPresent();

    TrainResult third = new TrainFunction(store, registry, settings).apply(dataset);
    assertThat(third.status()).isEqualTo(TrainResult.Status.ALREADY_TRAINED);
    assertThat(third.runId()).isEqualTo(second.runId());
    assertThat(searchRuns()).hasSize(1);
  }

  @Test
  void aTrialCutShortIsMarkedKilledAndTrainedAgainByTheAttemptThatTakesOver() throws IOException {
    // What a crash mid-trial leaves: the marker names the search run and a trial run that never
    // recorded an outcome.
    Run open = openSearchRun();
    Run cut = registry.startRun(settings.experiment(), Optional.of(open.id()), Map.of());
    Instant then = Instant.parse("2026-12-01T10:00:00Z");
    putMarker(
        new TrainingAttempt.Marker(
            open.id(), 1, then.toString(), then.toString(), List.of(cut.id())));

    TrainResult taken =
        new TrainFunction(store, registry, settings.withLease(Duration.ZERO)).apply(dataset);

    assertThat(taken.status()).isEqualTo(TrainResult.Status.TRAINED);
    assertThat(taken.runId()).isEqualTo(open.id());
    Run superseded = registry.getRun(cut.id());
    assertThat(superseded.status()).isEqualTo(RunStatus.KILLED);
    assertThat(superseded.tags()).containsEntry(TrainingAttempt.SUPERSEDED_TAG, "2");
    assertThat(taken.bestTrialRunId()).isNotEqualTo(cut.id());
    assertThat(registry.getRun(taken.bestTrialRunId()).status()).isEqualTo(RunStatus.FINISHED);
  }

  @Test
  void anAttemptAliveWithinItsLeaseMakesAnotherDeliveryRetryLater() throws IOException {
    Instant now = Instant.parse("2026-12-01T10:00:00Z");
    Run open = openSearchRun();
    byte[] marker =
        Manifests.toJson(
            new TrainingAttempt.Marker(
                open.id(),
                1,
                now.minusSeconds(600).toString(),
                now.minusSeconds(20).toString(),
                List.of()));
    store.put(TrainFunction.startedKey(dataset), marker, "application/json");
    TrainFunction busy =
        new TrainFunction(
            store,
            registry,
            settings.withLease(Duration.ofMinutes(5)),
            Clock.fixed(now, ZoneOffset.UTC));

    assertThatThrownBy(() -> busy.apply(dataset))
        .isInstanceOf(TrainingInProgressException.class)
        .hasMessageContaining("dataset " + dataset.id() + " is being trained by attempt 1")
        .hasMessageContaining("run " + open.id())
        .hasMessageContaining("alive 20 s ago, lease 300 s");
    assertThat(searchRuns()).hasSize(1);
    assertThat(store.getBytes(TrainFunction.startedKey(dataset))).isEqualTo(marker);
  }

  @Test
  void twoDeliveriesTakingOverAtTheSameMomentBeginOneAttempt() throws Exception {
    Instant now = Instant.parse("2026-12-01T10:00:00Z");
    Run open = openSearchRun();
    putMarker(
        new TrainingAttempt.Marker(
            open.id(),
            1,
            now.minusSeconds(900).toString(),
            now.minusSeconds(600).toString(),
            List.of()));
    // Both deliveries read the expired marker before either claims the next attempt, as two
    // requests 24 ms apart did in UploadToChampionIT.
    CyclicBarrier bothRead = new CyclicBarrier(2);
    ObjectStore racing =
        new HookedStore(
            store,
            k -> {
              if (k.contains("/attempts/")) {
                try {
                  bothRead.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                  throw new IllegalStateException("the other delivery never came", e);
                }
              }
            });
    Callable<Object> delivery =
        () -> {
          try {
            return takeOver(racing, now).number();
          } catch (TrainingInProgressException e) {
            return e;
          }
        };
    ExecutorService two = Executors.newFixedThreadPool(2);
    List<Object> outcomes = new ArrayList<>();
    try {
      for (Future<Object> outcome : two.invokeAll(List.of(delivery, delivery))) {
        outcomes.add(outcome.get());
      }
    } finally {
      two.shutdownNow();
    }

    assertThat(outcomes).containsOnlyOnce(2);
    assertThat(outcomes)
        .filteredOn(TrainingInProgressException.class::isInstance)
        .singleElement()
        .extracting(Object::toString)
        .asString()
        .contains("attempt 2 was begun by another delivery");
  }

  @Test
  void aClaimWhoseClaimerDiedBeforeBeginningIsPassedOver() throws IOException {
    Instant now = Instant.parse("2026-12-01T10:00:00Z");
    Run open = openSearchRun();
    String expired = now.minusSeconds(600).toString();
    putMarker(new TrainingAttempt.Marker(open.id(), 1, expired, expired, List.of()));
    // Attempt 2 was claimed ten minutes ago, and its process died before writing the marker.
    store.put(
        TrainFunction.folder(dataset, "") + "attempts/2.json",
        Manifests.toJson(new TrainingAttempt.Claim(expired)),
        "application/json");

    TrainingAttempt attempt = takeOver(store, now);

    assertThat(attempt.number()).isEqualTo(3);
    assertThat(attempt.runId()).isEqualTo(open.id());
  }

  private Run openSearchRun() {
    return registry.startRun(
        settings.experiment(),
        Optional.empty(),
        Map.of(TrainFunction.DATASET_TAG, dataset.id(), TrainFunction.ROLE_TAG, "search"));
  }

  private void putMarker(TrainingAttempt.Marker marker) {
    store.put(TrainFunction.startedKey(dataset), Manifests.toJson(marker), "application/json");
  }

  /** Begins an attempt on an expired marker, with a lease of five minutes at {@code now}. */
  private TrainingAttempt takeOver(ObjectStore through, Instant now) {
    return TrainingAttempt.begin(
        through,
        registry,
        Clock.fixed(now, ZoneOffset.UTC),
        Duration.ofMinutes(5),
        dataset,
        "",
        () -> {
          throw new AssertionError("the expired attempt's run is taken over");
        },
        trial -> false);
  }

  private List<Run> trialRuns() throws IOException {
    try (Stream<Path> runs = Files.list(dir.resolve("registry/runs"))) {
      return runs.map(p -> registry.getRun(p.getFileName().toString()))
          .filter(r -> "trial".equals(r.tags().get(TrainFunction.ROLE_TAG)))
          .toList();
    }
  }

  private List<Run> searchRuns() throws IOException {
    try (Stream<Path> runs = Files.list(dir.resolve("registry/runs"))) {
      return runs.map(p -> registry.getRun(p.getFileName().toString()))
          .filter(r -> dataset.id().equals(r.tags().get(TrainFunction.DATASET_TAG)))
          .filter(r -> "search".equals(r.tags().get(TrainFunction.ROLE_TAG)))
          .toList();
    }
  }

  /** A store that runs a hook before every write, to fail one or to hold writers at a barrier. */
  private static final class HookedStore implements ObjectStore {
    private final ObjectStore delegate;
    private final Consumer<String> beforeWrite;

    HookedStore(ObjectStore delegate, Consumer<String> beforeWrite) {
      this.delegate = delegate;
      this.beforeWrite = beforeWrite;
    }

    /** A store whose writes of {@code key} fail, as a process dying there would leave it. */
    static HookedStore failingOn(ObjectStore delegate, String key) {
      return new HookedStore(
          delegate,
          k -> {
            if (k.equals(key)) {
              throw new ObjectStoreException("the process died writing " + k);
            }
          });
    }

    @Override
    public ObjectInfo put(
        String k, InputStream content, long length, String type, Map<String, String> meta) {
      beforeWrite.accept(k);
      return delegate.put(k, content, length, type, meta);
    }

    @Override
    public Optional<ObjectInfo> putIfAbsent(
        String k, InputStream content, long length, String type, Map<String, String> meta) {
      beforeWrite.accept(k);
      return delegate.putIfAbsent(k, content, length, type, meta);
    }

    @Override
    public InputStream get(String k) {
      return delegate.get(k);
    }

    @Override
    public Optional<ObjectInfo> stat(String k) {
      return delegate.stat(k);
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
      return delegate.list(prefix);
    }

    @Override
    public void delete(String k) {
      delegate.delete(k);
    }
  }
}
