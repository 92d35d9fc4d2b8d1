package dev.spamflow.core.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.core.data.DataSplit;
import dev.spamflow.core.data.DatasetLoader;
import dev.spamflow.core.data.Label;
import dev.spamflow.core.data.LoadedDataset;
import dev.spamflow.core.data.Message;
import dev.spamflow.core.data.Splitter;
import dev.spamflow.core.data.TestData;
import dev.spamflow.core.model.Metrics;
import dev.spamflow.core.text.TextFeatures;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A bundle written by an earlier build ({@code src/test/resources/bundles/sms-small-v1}, format
 * version 1, trained on the SMS Spam Collection) must keep loading and predicting as it did. If
 * this fails after a change to tokens, cleaning or the bundle layout, that change breaks every
 * model already deployed: bump the format version and handle the old one instead.
 */
class SavedBundleTest {

  static Path savedBundle() throws URISyntaxException {
    return Path.of(SavedBundleTest.class.getResource("/bundles/sms-small-v1/bundle.json").toURI())
        .getParent();
  }

  @Test
  void loadsAndClassifiesObviousMessages() throws Exception {
    SpamPredictor predictor = SpamPredictor.load(savedBundle());

    assertThat(predictor.manifest().formatVersion()).isEqualTo(1);
    assertThat(predictor.manifest().modelName()).isEqualTo("spam-detector");
    assertThat(
            predictor
                .predict("WINNER!! You have won a £1000 cash prize. Call 09061701461 to claim now")
                .label())
        .isEqualTo(Label.SPAM);
    assertThat(predictor.predict("Ok lar... I'll see you at home tonight, mum").label())
        .isEqualTo(Label.HAM);
  }

  @Test
  void reproducesItsRecordedTestMetricsOnTheSameSplit() throws Exception {
    SpamPredictor predictor = SpamPredictor.load(savedBundle());
    BundleManifest manifest = predictor.manifest();
    LoadedDataset sms = DatasetLoader.load(List.of(TestData.sms()));

    // Same data after reading and deduplication, and the same split from the recorded seed. The
    // bundle predates the shared content hash and recorded the sorted-digest one.
    assertThat(SortedDigestHash.of(sms.messages())).isEqualTo(manifest.data().contentHash());
    DataSplit split =
        Splitter.split(
            sms.messages(),
            manifest.data().validationFraction(),
            manifest.data().testFraction(),
            manifest.data().splitSeed());
    assertThat(SortedDigestHash.of(split.test())).isEqualTo(manifest.data().testHash());

    Metrics now = evaluate(predictor, split.test());

    Metrics then = manifest.test();
    assertThat(now.truePositives()).isEqualTo(then.truePositives());
    assertThat(now.falsePositives()).isEqualTo(then.falsePositives());
    assertThat(now.trueNegatives()).isEqualTo(then.trueNegatives());
    assertThat(now.falseNegatives()).isEqualTo(then.falseNegatives());
  }

  @Test
  void anAnalysedTextGetsTheVerdictOfItsText() throws Exception {
    SpamPredictor predictor = SpamPredictor.load(savedBundle());

    for (Message message : DatasetLoader.load(List.of(TestData.sms())).messages()) {
      assertThat(predictor.predict(TextFeatures.analyse(message.text())))
          .as(message.text())
          .isEqualTo(predictor.predict(message.text()));
    }
  }

  @Test
  void zipOfTheBundleLoadsTheSame(@org.junit.jupiter.api.io.TempDir Path temp) throws Exception {
    Path zip = temp.resolve("bundle.zip");
    dev.spamflow.core.model.ModelBundle.zip(savedBundle(), zip);
    SpamPredictor fromDirectory = SpamPredictor.load(savedBundle());

    SpamPredictor fromZip = SpamPredictor.load(zip);

    String text = "Free entry in 2 a wkly comp to win FA Cup final tkts. Text FA to 87121";
    assertThat(fromZip.spamProbability(text)).isEqualTo(fromDirectory.spamProbability(text));
    assertThat(fromZip.manifest()).isEqualTo(fromDirectory.manifest());
  }

  static Metrics evaluate(SpamPredictor predictor, List<Message> messages) throws IOException {
    double[] scores = new double[messages.size()];
    boolean[] spam = new boolean[messages.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = predictor.spamProbability(messages.get(i).text());
      spam[i] = messages.get(i).label() == Label.SPAM;
    }
    return Metrics.compute(scores, spam, predictor.threshold());
  }
}
