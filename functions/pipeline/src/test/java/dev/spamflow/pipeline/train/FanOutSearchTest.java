package dev.spamflow.pipeline.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spamflow.adapters.fs.FileSystemModelRegistry;
import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.core.port.Run;
import dev.spamflow.core.port.RunStatus;
import dev.spamflow.core.serving.SpamPredictor;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.Manifests;
import dev.spamflow.pipeline.TestStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same two-trial search on the curated SMS collection, once in threads ({@link
 * TrainFunction#apply}) and once fanned out as a Tekton matrix runs it (prepare, each trial in a
 * process of its own — here a {@link TrainFunction} of its own on a thread of its own — then
 * select), each in a store and registry of its own: the same seed must give the same candidate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FanOutSearchTest {

  private static final List<String> PROBES =
      List.of(
          "WINNER!! You have been selected to receive a £900 prize reward. Call 09061701461",
          "Ok lar... Joking wif u oni...",
          "Free entry in 2 a wkly comp to win FA Cup final tkts 21st May 2005",
          "I'll be home by 7, do you want me to pick up some milk?");

  private Path threadsDir;
  private Path fanOutDir;
  private FileSystemObjectStore fanOutStore;
  private FileSystemModelRegistry fanOutRegistry;
  private DatasetRef dataset;
  private TrainResult threads;
  private SearchStep prepared;
  private List<SearchStep> trials;
  private TrainResult selected;

  @BeforeAll
  void searchBothWays(@TempDir Path temp) throws Exception {
    threadsDir = temp.resolve("threads");
    FileSystemObjectStore threadsStore = TestStores.open(threadsDir);
    FileSystemModelRegistry threadsRegistry =
        new FileSystemModelRegistry(threadsDir.resolve("registry"));
    dataset = TrainingFixtures.curatedSms(threadsStore, threadsDir.resolve("tmp"));
    TrainSettings two = TrainingFixtures.tinySearch(2, threadsDir.resolve("tmp"));
    threads =
        new TrainFunction(threadsStore, threadsRegistry, withParallelism(two, 2)).apply(dataset);

    fanOutDir = temp.resolve("fan-out");
    fanOutStore = TestStores.open(fanOutDir);
    fanOutRegistry = new FileSystemModelRegistry(fanOutDir.resolve("registry"));
    assertThat(TrainingFixtures.curatedSms(fanOutStore, fanOutDir.resolve("tmp")))
        .isEqualTo(dataset);
    prepared = fanOut().prepare(dataset, "", List.of(1, 2));
    ExecutorService pods = Executors.newFixedThreadPool(2);
    try {
      Future<SearchStep> first = pods.submit(() -> fanOut().trial(dataset, "", 1));
      Future<SearchStep> second = pods.submit(() -> fanOut().trial(dataset, "", 2));
      trials = List.of(first.get(), second.get());
    } finally {
      pods.shutdownNow();
    }
    selected = fanOut().select(dataset, "");
  }

  /** A trainer as one TaskRun has it: its own instance, one trial at a time. */
  private TrainFunction fanOut() {
    return new TrainFunction(
        fanOutStore, fanOutRegistry, TrainingFixtures.tinySearch(2, fanOutDir.resolve("tmp")));
  }

  private static TrainSettings withParallelism(TrainSettings s, int parallelism) {
    return new TrainSettings(
        s.space(),
        s.base(),
        s.trialBudget(),
        s.maxEpochs(),
        parallelism,
        s.blockedHamCeiling(),
        s.experiment(),
        s.tempDirectory(),
        s.lease(),
        s.feedback());
  }

  @Test
  void theStepsReportWhatTheyDid() {
    assertThat(prepared.status()).isEqualTo(SearchStep.Status.PLANNED);
    assertThat(prepared.trials()).containsExactly(1, 2);
    assertThat(trials)
        .extracting(SearchStep::status)
        .containsOnly(SearchStep.Status.TRIAL_FINISHED);
    assertThat(trials).extracting(SearchStep::runId).containsOnly(prepared.runId());
    assertThat(selected.status()).isEqualTo(TrainResult.Status.TRAINED);
    assertThat(selected.runId()).isEqualTo(prepared.runId());
    assertThat(selected.trials()).isEqualTo(2);
    assertThat(fanOutStore.stat(TrainFunction.startedKey(dataset))).isEmpty();
  }

  @Test
  void bothWaysPickTheSameTrialWithTheSameFigures() {
    assertThat(selected.params()).isEqualTo(threads.params());
    assertThat(selected.metrics()).isEqualTo(threads.metrics());
    // The best cross-validated F1 wins, the lower trial number on a tie.
    SearchStep best =
        trials.get(1).validationF1() > trials.get(0).validationF1() ? trials.get(1) : trials.get(0);
    assertThat(selected.bestTrialRunId()).isEqualTo(best.trialRunId());
    assertThat(selected.metrics().get("validation_f1")).isEqualTo(best.validationF1());
  }

  @Test
  void bothWaysShipAModelThatScoresAlike() throws IOException {
    SpamPredictor fromThreads = candidate(threadsDir, threads.runId());
    SpamPredictor fromFanOut = candidate(fanOutDir, selected.runId());
    assertThat(fromFanOut.threshold()).isEqualTo(fromThreads.threshold());
    for (String probe : PROBES) {
      assertThat(fromFanOut.spamProbability(probe))
          .as(probe)
          .isCloseTo(fromThreads.spamProbability(probe), org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  @Test
  void theSearchRunHoldsOneChildRunPerTrial() throws IOException {
    Run parent = fanOutRegistry.getRun(selected.runId());
    assertThat(parent.status()).isEqualTo(RunStatus.FINISHED);
    assertThat(parent.params())
        .containsEntry("search_mode", "fan-out")
        .containsEntry("trial_budget", "2")
        .containsEntry("feedback_labels", "0");
    assertThat(parent.tags())
        .containsEntry(TrainFunction.BEST_TRIAL_TAG, selected.bestTrialRunId());
    assertThat(childRuns(selected.runId()))
        .extracting(Run::id)
        .containsExactlyInAnyOrderElementsOf(trials.stream().map(SearchStep::trialRunId).toList());
  }

  @Test
  void everyStepRunAgainChangesNothing() throws IOException {
    long runs = runCount();

    SearchStep plannedAgain = fanOut().prepare(dataset, "", List.of(1, 2, 3));
    SearchStep trialAgain = fanOut().trial(dataset, "", 1);
    TrainResult selectedAgain = fanOut().select(dataset, "");

    assertThat(plannedAgain.status()).isEqualTo(SearchStep.Status.SEARCH_FINISHED);
    // The plan made first stands, whatever a later run asks for.
    assertThat(plannedAgain.trials()).containsExactly(1, 2);
    assertThat(trialAgain.status()).isEqualTo(SearchStep.Status.SEARCH_FINISHED);
    assertThat(selectedAgain.status()).isEqualTo(TrainResult.Status.ALREADY_TRAINED);
    assertThat(selectedAgain.runId()).isEqualTo(selected.runId());
    assertThat(selectedAgain.metrics()).isEqualTo(selected.metrics());
    assertThat(runCount()).isEqualTo(runs);
  }

  @Test
  void theOutcomesInTheStoreNameTheBundleFilesWithTheirHashes() {
    TrialOutcome outcome =
        Manifests.read(fanOutStore, TrainFunction.outcomeKey(dataset, "", 1), TrialOutcome.class);
    assertThat(outcome.status()).isEqualTo(TrialOutcome.Status.FINISHED);
    assertThat(outcome.runId()).isEqualTo(trials.get(0).trialRunId());
    assertThat(outcome.bundle())
        .isNotEmpty()
        .allSatisfy(
            file -> {
              assertThat(file.key())
                  .startsWith(
                      "training/" + dataset.id() + "/trials/1/" + outcome.runId() + "/model/");
              assertThat(fanOutStore.stat(file.key())).map(i -> i.size()).contains(file.size());
            });
  }

  @Test
  void stepsOutOfOrderOrOutOfRangeSayWhatIsWrong(@TempDir Path temp) {
    FileSystemObjectStore store = TestStores.open(temp);
    FileSystemModelRegistry registry = new FileSystemModelRegistry(temp.resolve("registry"));
    TrainFunction train =
        new TrainFunction(store, registry, TrainingFixtures.tinySearch(2, temp.resolve("tmp")));
    DatasetRef curated = TrainingFixtures.curatedSms(store, temp.resolve("tmp"));

    assertThatThrownBy(() -> train.trial(curated, "", 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("training/" + curated.id() + "/plan.json")
        .hasMessageContaining("run the prepare step first");
    assertThatThrownBy(() -> train.select(curated, ""))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("run the prepare step first");
    // The tiny space holds four points.
    assertThatThrownBy(() -> train.prepare(curated, "", List.of(1, 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trial 5 is out of range")
        .hasMessageContaining("numbered 1 to 4");
    assertThatThrownBy(() -> train.prepare(curated, "", List.of(2, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trial 2 is named twice");
    assertThatThrownBy(() -> train.prepare(curated, "Bad Name", List.of(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'Bad Name'");

    SearchStep planned = train.prepare(curated, "", List.of(1));
    assertThat(planned.status()).isEqualTo(SearchStep.Status.PLANNED);
    assertThatThrownBy(() -> train.trial(curated, "", 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trial 2 is not in the search's plan, which has trials [1]");
    assertThat(train.prepare(new DatasetRef("00000000deadbeef"), "", List.of(1)).status())
        .isEqualTo(SearchStep.Status.CURATED_MISSING);
  }

  private SpamPredictor candidate(Path dir, String runId) throws IOException {
    return SpamPredictor.load(
        dir.resolve("registry/runs")
            .resolve(runId)
            .resolve("artifacts")
            .resolve(TrainFunction.BUNDLE_ZIP));
  }

  private List<Run> childRuns(String parentId) throws IOException {
    try (Stream<Path> runs = Files.list(fanOutDir.resolve("registry/runs"))) {
      return runs.map(p -> fanOutRegistry.getRun(p.getFileName().toString()))
          .filter(r -> r.parentRunId().filter(parentId::equals).isPresent())
          .toList();
    }
  }

  private long runCount() throws IOException {
    try (Stream<Path> runs = Files.list(fanOutDir.resolve("registry/runs"))) {
      return runs.count();
    }
  }
}
