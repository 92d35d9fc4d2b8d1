package dev.spamflow.pipeline.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamflow.adapters.fs.FileSystemModelRegistry;
import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.core.port.Run;
import dev.spamflow.core.port.RunStatus;
import dev.spamflow.core.serving.BundleManifest;
import dev.spamflow.core.serving.ModelFiles;
import dev.spamflow.core.serving.SpamPredictor;
import dev.spamflow.events.ModelTrained;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.TestStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a real two-trial search on the curated SMS collection once, then checks what it left in the
 * embedded registry and store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainFunctionTest {

  private Path dir;

  private FileSystemObjectStore store;
  private FileSystemModelRegistry registry;
  private DatasetRef dataset;
  private TrainResult result;

  @BeforeAll
  void trainOnce(@TempDir Path temp) {
    dir = temp;
    store = TestStores.open(dir);
    registry = new FileSystemModelRegistry(dir.resolve("registry"));
    dataset = TrainingFixtures.curatedSms(store, dir.resolve("tmp"));
    TrainSettings two = TrainingFixtures.tinySearch(2, dir.resolve("tmp"));
    // Both trials at once, so the parallel path runs too.
    TrainSettings parallel =
        new TrainSettings(
            two.space(),
            two.base(),
            two.trialBudget(),
            two.maxEpochs(),
            2,
            two.blockedHamCeiling(),
            two.experiment(),
            two.tempDirectory(),
            two.lease(),
            two.feedback());
    result = new TrainFunction(store, registry, parallel).apply(dataset);
  }

  @Test
  void trainsACandidateThatMapsOntoModelTrained() {
    assertThat(result.status()).isEqualTo(TrainResult.Status.TRAINED);
    assertThat(result.trials()).isEqualTo(2);
    ModelTrained event = result.event().orElseThrow();
    assertThat(event.runId()).isEqualTo(result.runId());
    assertThat(event.datasetId()).isEqualTo(dataset.id());
    assertThat(event.bundleUri()).isEqualTo("runs:/" + result.runId() + "/model");
    assertThat(event.params()).containsKeys("embedding_dim", "lstm_units", "dropout", "epochs");
    assertThat(event.metrics()).containsKeys("validation_f1", "test_f1", "test_blocked_ham_rate");
    // Two epochs of a tiny LSTM already separate SMS spam far better than chance.
    assertThat(event.metrics().get("validation_f1")).isGreaterThan(0.5);
  }

  @Test
  void logsAParentRunWithOneChildRunPerTrial() throws IOException {
    Run parent = registry.getRun(result.runId());
    assertThat(parent.status()).isEqualTo(RunStatus.FINISHED);
    assertThat(parent.parentRunId()).isEmpty();
    assertThat(parent.tags())
        .containsEntry(TrainFunction.DATASET_TAG, dataset.id())
        .containsEntry(TrainFunction.BEST_TRIAL_TAG, result.bestTrialRunId());
    assertThat(parent.params()).containsEntry("trial_budget", "2").containsKey("best_lstm_units");
    // The exact data: the curated table at the version the curated manifest records.
    assertThat(parent.params())
        .containsEntry("curated_table", "lakehouse/curated/messages")
        .containsEntry("curated_table_version", "0")
        .containsEntry("features_table", "lakehouse/features/messages")
        .containsEntry("features_table_version", "0");

    List<Run> trials = childrenOf(parent.id());
    assertThat(trials).hasSize(2).extracting(Run::id).contains(result.bestTrialRunId());
    for (Run trial : trials) {
      assertThat(trial.status()).isEqualTo(RunStatus.FINISHED);
      assertThat(trial.tags()).containsEntry(TrainFunction.DATASET_TAG, dataset.id());
      assertThat(trial.params().get("embedding_dim")).isIn("8", "16");
      assertThat(trial.params().get("lstm_units")).isIn("8", "16");
      assertThat(trial.params()).containsEntry("epochs", "2");
      assertThat(trial.metrics()).containsKeys("validation_f1", "test_f1");
      // Read from the embedded registry's files, as MLflow's UI reads its own store.
      assertThat(metricSteps(trial.id(), "epoch_validation_loss")).containsExactly(1L, 2L);
      assertThat(artifacts(trial.id(), TrainFunction.CHARTS_ARTIFACTS))
          .containsExactly(
              "charts/" + ModelFiles.CONFUSION_MATRIX, "charts/" + ModelFiles.TRAINING_CURVES);
    }
    // The candidate is the trial with the best validation F1.
    double bestF1 =
        trials.stream().mapToDouble(t -> t.metrics().get("validation_f1")).max().orElseThrow();
    assertThat(registry.getRun(result.bestTrialRunId()).metrics().get("validation_f1"))
        .isEqualTo(bestF1);
    assertThat(result.metrics().get("validation_f1")).isEqualTo(bestF1);
  }

  @Test
  void uploadsTheCandidateBundleAsAFolderAndAZipThatLoad() throws IOException {
    assertThat(artifacts(result.runId(), ""))
        .contains(
            TrainFunction.BUNDLE_ZIP,
            "model/" + BundleManifest.FILE_NAME,
            "model/" + ModelFiles.VOCABULARY);
    // The embedded registry keeps a run's artifacts in runs/<id>/artifacts/.
    Path zip =
        dir.resolve("registry/runs")
            .resolve(result.runId())
            .resolve("artifacts")
            .resolve(TrainFunction.BUNDLE_ZIP);
    SpamPredictor predictor = SpamPredictor.load(zip);

    assertThat(predictor.threshold()).isEqualTo(result.metrics().get("threshold"));
    assertThat(predictor.manifest().data().testCount()).isPositive();
    assertThat(predictor.manifest().data().sources())
        .containsExactly("inbox/SMSSpamCollection", "delta:lakehouse/curated/messages@0");
    assertThat(predictor.spamProbability("WINNER! Claim your free prize now, call 0906170"))
        .isBetween(0.0, 1.0);
  }

  @Test
  void aSecondCallForTheSameDatasetReturnsTheFirstResultWithoutTraining() throws IOException {
    long runsBefore = runIds().size();

    TrainResult again =
        new TrainFunction(store, registry, TrainingFixtures.tinySearch(2, dir.resolve("tmp")))
            .apply(dataset);

    assertThat(again.status()).isEqualTo(TrainResult.Status.ALREADY_TRAINED);
    assertThat(again.runId()).isEqualTo(result.runId());
    assertThat(again.bestTrialRunId()).isEqualTo(result.bestTrialRunId());
    assertThat(again.metrics()).isEqualTo(result.metrics());
    assertThat(again.event()).map(ModelTrained::runId).contains(result.runId());
    assertThat(runIds()).hasSize((int) runsBefore);
  }

  @Test
  void aDatasetThatWasNeverCuratedTrainsNothing() {
    TrainResult missing =
        new TrainFunction(store, registry, TrainingFixtures.tinySearch(2, dir.resolve("tmp")))
            .apply(new DatasetRef("00000000deadbeef"));

    assertThat(missing.status()).isEqualTo(TrainResult.Status.CURATED_MISSING);
    assertThat(missing.detail()).contains("curated/00000000deadbeef/manifest.json");
    assertThat(missing.event()).isEmpty();
  }

  @Test
  void readsTheDatasetOutOfACuratedManifestKey() {
    assertThat(CuratedData.fromCuratedManifestKey("curated/0123abcd/manifest.json"))
        .isEqualTo(new DatasetRef("0123abcd"));
    assertThatThrownBy(() -> CuratedData.fromCuratedManifestKey("raw/0123abcd/manifest.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("raw/0123abcd/manifest.json");
  }

  private List<Run> childrenOf(String parentId) throws IOException {
    return runIds().stream()
        .map(registry::getRun)
        .filter(run -> run.parentRunId().equals(Optional.of(parentId)))
        .toList();
  }

  /** Every run's id: the embedded registry keeps one folder per run under runs/. */
  private List<String> runIds() throws IOException {
    try (Stream<Path> runs = Files.list(dir.resolve("registry/runs"))) {
      return runs.map(p -> p.getFileName().toString()).toList();
    }
  }

  /** The steps a metric was logged at: the embedded registry keeps runs/<id>/metrics.jsonl. */
  private List<Long> metricSteps(String runId, String key) throws IOException {
    List<Long> steps = new ArrayList<>();
    for (String line : Files.readAllLines(runDirectory(runId).resolve("metrics.jsonl"))) {
      JsonNode metric = new ObjectMapper().readTree(line);
      if (metric.path("key").asText().equals(key)) {
        steps.add(metric.path("step").asLong());
      }
    }
    return steps;
  }

  /**
   * A run's artifact files below {@code folder}: the embedded registry keeps runs/<id>/artifacts.
   */
  private List<String> artifacts(String runId, String folder) throws IOException {
    Path root = runDirectory(runId).resolve("artifacts");
    try (Stream<Path> files = Files.walk(root.resolve(folder))) {
      return files
          .filter(Files::isRegularFile)
          .map(f -> root.relativize(f).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }

  private Path runDirectory(String runId) {
    return dir.resolve("registry/runs").resolve(runId);
  }
}
