package dev.spamflow.pipeline.register;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.adapters.fs.FileSystemModelRegistry;
import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.core.data.DataSplit;
import dev.spamflow.core.model.HyperParameters;
import dev.spamflow.core.model.ModelBundle;
import dev.spamflow.core.model.SpamModelTraining;
import dev.spamflow.core.model.TrainedModel;
import dev.spamflow.core.model.TrainingConfig;
import dev.spamflow.core.model.TrainingListener;
import dev.spamflow.core.port.ModelVersion;
import dev.spamflow.core.port.Run;
import dev.spamflow.core.serving.BundleManifest;
import dev.spamflow.events.ModelPromoted;
import dev.spamflow.events.ModelRejected;
import dev.spamflow.events.ModelTrained;
import dev.spamflow.pipeline.CuratedManifest;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.RawManifest;
import dev.spamflow.pipeline.StagedFiles;
import dev.spamflow.pipeline.TestStores;
import dev.spamflow.pipeline.train.CuratedData;
import dev.spamflow.pipeline.train.TrainFunction;
import dev.spamflow.pipeline.train.TrainResult;
import dev.spamflow.pipeline.train.TrainingFixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * One registry's life: a trained candidate becomes the first champion, a redelivered event changes
 * nothing, and a deliberately worse candidate is rejected. The tests run in that order on the same
 * registry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegisterFunctionTest {

  private static final String MODEL = BundleManifest.MODEL_NAME;

  private Path dir;

  private FileSystemObjectStore store;
  private FileSystemModelRegistry registry;
  private DatasetRef dataset;
  private ModelTrained trained;
  private RegisterFunction register;

  @BeforeAll
  void trainACandidate(@TempDir Path temp) {
    dir = temp;
    store = TestStores.open(dir);
    registry = new FileSystemModelRegistry(dir.resolve("registry"));
    dataset = TrainingFixtures.curatedSms(store, dir.resolve("tmp"));
    TrainResult result =
        new TrainFunction(store, registry, TrainingFixtures.tinySearch(1, dir.resolve("tmp")))
            .apply(dataset);
    trained = result.event().orElseThrow();
    register =
        new RegisterFunction(
            store,
            registry,
            registry,
            RegisterSettings.DEFAULT.withTempDirectory(dir.resolve("tmp")));
  }

  @Test
  @Order(1)
  void theFirstCandidateBecomesChampion() {
    RegisterResult result = register.apply(trained);

    assertThat(result.outcome()).isEqualTo(RegisterResult.Outcome.PROMOTED);
    assertThat(result.version()).isEqualTo(1);
    assertThat(result.repeated()).isFalse();
    assertThat(result.champion()).isEmpty();
    assertThat(result.reason()).contains("no champion");
    assertThat(result.metrics()).containsKeys("f1", "blocked_ham_rate", "threshold");
    assertThat(registry.versionByAlias(MODEL, "champion"))
        .map(ModelVersion::runId)
        .contains(trained.runId());
    assertThat(registry.getRun(trained.runId()).tags())
        .containsEntry(RegisterFunction.OUTCOME_TAG, "promoted")
        .containsEntry(RegisterFunction.VERSION_TAG, "1");
    assertThat(result.event())
        .isInstanceOfSatisfying(
            ModelPromoted.class,
            event -> {
              assertThat(event.version()).isEqualTo("1");
              assertThat(event.alias()).isEqualTo("champion");
              assertThat(event.bundleUri()).isEqualTo("models:/spam-detector/1");
              assertThat(event.previousVersion()).isNull();
            });
  }

  @Test
  @Order(2)
  void theSameRunAgainReturnsTheSameOutcomeWithoutANewVersion() {
    RegisterResult again = register.apply(trained);

    assertThat(again.repeated()).isTrue();
    assertThat(again.outcome()).isEqualTo(RegisterResult.Outcome.PROMOTED);
    assertThat(again.version()).isEqualTo(1);
    assertThat(again.metrics().get("f1")).isPositive();
    assertThat(registry.versions(MODEL)).hasSize(1);
  }

  @Test
  @Order(3)
  void aWorseCandidateIsRejectedAndTheChampionStays() throws IOException {
    ModelTrained worse = worseCandidate();

    RegisterResult result = register.apply(worse);

    assertThat(result.outcome()).isEqualTo(RegisterResult.Outcome.REJECTED);
    assertThat(result.version()).isEqualTo(2);
    assertThat(result.champion()).hasValue(1);
    assertThat(result.championMetrics().get("f1")).isGreaterThan(result.metrics().get("f1"));
    assertThat(result.reason()).contains("test F1").contains("champion version 1");
    assertThat(registry.versionByAlias(MODEL, "champion")).map(ModelVersion::version).contains(1);
    Run run = registry.getRun(worse.runId());
    assertThat(run.tags())
        .containsEntry(RegisterFunction.OUTCOME_TAG, "rejected")
        .containsEntry(RegisterFunction.REASON_TAG, result.reason());
    assertThat(result.event())
        .isInstanceOfSatisfying(
            ModelRejected.class,
            event -> {
              assertThat(event.version()).isEqualTo("2");
              assertThat(event.championVersion()).isEqualTo("1");
              assertThat(event.reason()).isEqualTo(result.reason());
            });

    // Redelivered, the rejection is repeated, not re-decided.
    RegisterResult again = register.apply(worse);
    assertThat(again.repeated()).isTrue();
    assertThat(again.outcome()).isEqualTo(RegisterResult.Outcome.REJECTED);
    assertThat(again.reason()).isEqualTo(result.reason());
    assertThat(again.champion()).hasValue(1);
    assertThat(registry.versions(MODEL)).hasSize(2);
  }

  /**
   * Trains a barely trained model (one epoch, four units, a tiny learning rate, and only 550 of the
   * development messages, so the n-gram half is weaker too) with the same curated test part, and
   * logs it as a run the way the train stage would.
   */
  private ModelTrained worseCandidate() throws IOException {
    HyperParameters weak = new HyperParameters(4, 4, 0.1, 64, 1, 40, 3000, 1, 1e-4, 0.0, 3L, 1);
    CuratedManifest curated = CuratedData.manifest(store, dataset);
    RawManifest raw = CuratedData.rawManifest(store, curated);
    TrainedModel model;
    try (StagedFiles staged = StagedFiles.create(dir.resolve("tmp"), "worse-")) {
      DataSplit full = CuratedData.split(store, curated, staged);
      DataSplit split =
          new DataSplit(
              full.train().subList(0, 400),
              full.validation().subList(0, 150),
              full.test(),
              full.hashes());
      model =
          SpamModelTraining.train(
              List.of(raw.source().key()),
              raw.contentHash(),
              raw.counts(),
              split,
              curated.seed(),
              TrainingConfig.of(weak),
              TrainingListener.NONE);
    }
    Path bundle = dir.resolve("worse-bundle");
    ModelBundle.save(model, bundle);
    Run run =
        registry.startRun(
            "register-test", Optional.empty(), Map.of(TrainFunction.DATASET_TAG, dataset.id()));
    registry.uploadArtifacts(run.id(), bundle, TrainFunction.MODEL_ARTIFACTS);
    return new ModelTrained(
        run.id(),
        dataset.id(),
        "runs:/" + run.id() + "/model",
        TrainFunction.metrics(model.manifest()),
        Map.of("lstm_units", "4"),
        1);
  }
}
