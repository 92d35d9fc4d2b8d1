package dev.spamflow.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.core.data.DataSplit;
import dev.spamflow.core.data.DatasetLoader;
import dev.spamflow.core.data.LoadedDataset;
import dev.spamflow.core.data.Message;
import dev.spamflow.core.data.Splitter;
import dev.spamflow.core.data.TestData;
import dev.spamflow.core.serving.BundleManifest;
import dev.spamflow.core.serving.FastLstmClassifier;
import dev.spamflow.core.serving.SpamPredictor;
import dev.spamflow.core.text.TextFeatures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains on the real SMS Spam Collection with the whole protocol (cross-validation, held-out fit,
 * refit on everything) and a small network (fast enough for CI), then checks that the model is
 * clearly useful on the held-out part, that the threshold's account is recorded, that its bundle
 * round-trips exactly, and that the fast forward pass agrees with DL4J on the whole test part.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpamModelTrainingTest {

  private static final HyperParameters SMALL =
      new HyperParameters(16, 24, 0.1, 32, 3, 60, 4000, 1, 0.005, 0.0, 7L, 1);

  @TempDir Path temp;

  private LoadedDataset sms;
  private TrainedModel model;
  private final List<EpochRecord> seenEpochs = new ArrayList<>();

  @BeforeAll
  void train() {
    sms = DatasetLoader.load(List.of(TestData.sms()));
    model =
        SpamModelTraining.train(
            List.of("SMSSpamCollection"),
            sms,
            TrainingConfig.of(SMALL),
            new TrainingListener() {
              @Override
              public void onEpoch(EpochRecord record) {
                seenEpochs.add(record);
              }
            });
  }

  @Test
  void learnsAClearlyUsefulModel() {
    Metrics heldOut = model.manifest().test();

    assertThat(heldOut.f1()).isGreaterThan(0.9);
    assertThat(heldOut.rocAuc()).isGreaterThan(0.97);
    // The guarantee is on the expected rate; ~900 held-out ham can drift a message or two.
    assertThat(heldOut.blockedHamRate()).isLessThan(0.01);
  }

  @Test
  void choosesTheThresholdFromOutOfFoldScoresOfAllTheDevelopmentData() {
    BundleManifest manifest = model.manifest();
    ThresholdChoice choice = manifest.thresholdChoice();
    int development = manifest.data().trainCount() + manifest.data().validationCount();

    assertThat(choice.rule()).isEqualTo(ThresholdChoice.CROSS_CONFORMAL);
    assertThat(choice.folds()).isEqualTo(TrainingConfig.DEFAULT_FOLDS);
    // Every development message was scored out of fold, not only a validation part.
    assertThat(choice.ham() + choice.spam()).isEqualTo(development);
    assertThat(manifest.validation().count()).isEqualTo(development);
    assertThat(choice.ceilingSupported()).isTrue();
    assertThat(choice.bound()).isLessThanOrEqualTo(0.003);
    assertThat(choice.note()).isEmpty();
    // With ~4,000 ham the rule may block a few calibration ham, so recall is not thrown away.
    assertThat(choice.recall()).isGreaterThan(0.85);
  }

  @Test
  void shipsAModelRefittedOnEveryMessage() {
    BundleManifest manifest = model.manifest();

    assertThat(manifest.refit().messages()).isEqualTo(sms.messages().size());
    assertThat(manifest.refit().epochs()).isEqualTo(manifest.bestEpoch());
    assertThat(manifest.crossValidation().messages())
        .isEqualTo(manifest.data().trainCount() + manifest.data().validationCount());
    assertThat(manifest.ensemble().lstmWeight()).isGreaterThanOrEqualTo(0);
    assertThat(manifest.ensemble().ngramWeight()).isGreaterThanOrEqualTo(0);
    assertThat(model.ngram()).isNotNull();
  }

  @Test
  void theLstmIsUsedOnlyWhereItSignificantlyImprovedTheEnsembleOutOfFold() {
    BundleManifest.CrossValidation cv = model.manifest().crossValidation();

    assertThat(cv.ngramOnlyLoss()).isPositive();
    if (cv.epochs() == 0) {
      // Not earned: the ensemble is the n-gram model alone, and serving never runs the LSTM.
      assertThat(model.manifest().ensemble().lstmWeight()).isZero();
      assertThat(cv.ensembleLoss()).isEqualTo(cv.ngramOnlyLoss());
      assertThat(cv.lstmImprovementZ()).isZero();
    } else {
      assertThat(cv.lstmImprovementZ()).isGreaterThanOrEqualTo(CrossValidation.SIGNIFICANT_Z);
      assertThat(cv.ensembleLoss()).isLessThan(cv.ngramOnlyLoss());
    }
    // Every epoch run after the chosen one failed to improve it; patience 1 stops at the first.
    assertThat(model.manifest().history()).hasSize(Math.min(cv.epochs() + 1, SMALL.epochs()));
  }

  @Test
  void recordsHistoryAndProvenance() {
    BundleManifest manifest = model.manifest();

    assertThat(seenEpochs).isEqualTo(manifest.history());
    assertThat(manifest.history()).isNotEmpty().hasSizeLessThanOrEqualTo(SMALL.epochs());
    assertThat(manifest.bestEpoch()).isBetween(0, manifest.history().size());
    assertThat(manifest.formatVersion()).isEqualTo(BundleManifest.FORMAT_VERSION);
    assertThat(manifest.data().contentHash()).isEqualTo(sms.contentHash());
    assertThat(
            manifest.data().trainCount()
                + manifest.data().validationCount()
                + manifest.data().testCount())
        .isEqualTo(sms.messages().size());
    assertThat(manifest.baselineTest().f1()).isGreaterThan(0.8);
  }

  @Test
  void bundleRoundTripsExactly() throws IOException {
    Path dir = temp.resolve("bundle");
    BundleManifest written = ModelBundle.save(model, dir);
    Path zip = temp.resolve("bundle.zip");
    ModelBundle.zip(dir, zip);

    for (Path location : List.of(dir, zip)) {
      TrainedModel loaded = ModelBundle.load(location);
      assertThat(loaded.manifest()).isEqualTo(written);
      assertThat(loaded.vocabulary()).isEqualTo(model.vocabulary());
      assertThat(loaded.network().params()).isEqualTo(model.network().params());
    }
    assertThat(written.files())
        .containsKeys(
            "vocabulary.txt",
            "weights.bin",
            "ngram-weights.bin",
            "network.zip",
            "training-curves.png",
            "confusion-matrix.png");
    // PNG signature: the pictures are real images.
    assertThat(Files.readAllBytes(dir.resolve("training-curves.png")))
        .startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
  }

  @Test
  void fastPathMatchesDl4jOnTheWholeTestSplit() throws IOException {
    Path dir = temp.resolve("parity");
    ModelBundle.save(model, dir);
    SpamPredictor predictor = SpamPredictor.load(dir);
    DataSplit split =
        Splitter.split(
            sms.messages(),
            TrainingConfig.DEFAULT_VALIDATION_FRACTION,
            TrainingConfig.DEFAULT_TEST_FRACTION,
            SMALL.seed());
    List<int[]> encoded = split.test().stream().map(m -> predictor.encode(m.text())).toList();

    double[] reference = LstmTrainer.predict(model.network(), encoded, 128);

    FastLstmClassifier fast = new FastLstmClassifier(LstmWeightsExporter.export(model.network()));
    double maxDelta = 0;
    for (int i = 0; i < encoded.size(); i++) {
      maxDelta = Math.max(maxDelta, Math.abs(reference[i] - fast.spamProbability(encoded.get(i))));
    }
    assertThat(encoded).hasSize(split.test().size()).hasSizeGreaterThan(1000);
    assertThat(maxDelta).isLessThanOrEqualTo(1e-5);
    // The loaded predictor combines both halves as the manifest says.
    TextFeatures.Analysis analysis = TextFeatures.analyse(split.test().getFirst().text());
    int[] ids = predictor.encode(split.test().getFirst().text());
    double expected =
        model
            .manifest()
            .ensemble()
            .spamProbability(
                fast.spamLogit(ids, ids.length),
                model.ngram().margin(analysis.cleaned(), analysis.tokens()));
    assertThat(predictor.spamProbability(split.test().getFirst().text())).isEqualTo(expected);
  }

  static Metrics evaluate(SpamPredictor predictor, List<Message> messages) {
    double[] scores = new double[messages.size()];
    boolean[] spam = new boolean[messages.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = predictor.spamProbability(messages.get(i).text());
      spam[i] = messages.get(i).label() == dev.spamflow.core.data.Label.SPAM;
    }
    return Metrics.compute(scores, spam, predictor.threshold());
  }
}
