package dev.spamflow.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.core.data.DataSplit;
import dev.spamflow.core.data.DatasetLoader;
import dev.spamflow.core.data.LoadedDataset;
import dev.spamflow.core.data.Message;
import dev.spamflow.core.data.Splitter;
import dev.spamflow.core.data.TestData;
import dev.spamflow.core.serving.SpamPredictor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A usefulness check, not a timing test: trained on only 1,000 SMS messages with the default
 * settings, the shipped model still catches most spam at the blocked-ham ceiling on 1,000 held-out
 * messages it never saw. The old protocol's threshold, chosen on ~90 validation ham, sat above
 * every ham score and caught too little (issue: recall 0.57 on held-out messages).
 */
class SmallDataQualityTest {

  @TempDir Path temp;

  @Test
  void aThousandMessagesAreEnoughToCatchMostSpamAtTheCeiling() throws IOException {
    LoadedDataset sms = DatasetLoader.load(List.of(TestData.sms()));
    DataSplit outer = Splitter.split(sms.messages(), 0.1, 0.2, 3L);
    List<Message> pool = new ArrayList<>(outer.train());
    pool.addAll(outer.validation());
    // A stratified 1,000 of the pool: the splitter's test part of the right size.
    List<Message> thousand =
        Splitter.split(pool, 0.05, 1000.0 / pool.size(), 3L).test().subList(0, 1000);
    DataSplit inner = Splitter.split(thousand, 0.1, 0.2, 3L);

    TrainedModel model =
        SpamModelTraining.train(
            List.of("SMSSpamCollection (1,000 messages)"),
            sms.contentHash(),
            sms.stats(),
            inner,
            3L,
            TrainingConfig.of(HyperParameters.DEFAULTS),
            TrainingListener.NONE);
    ModelBundle.save(model, temp.resolve("bundle"));
    SpamPredictor predictor = SpamPredictor.load(temp.resolve("bundle"));
    Metrics heldOut = SpamModelTrainingTest.evaluate(predictor, outer.test());

    assertThat(outer.test()).hasSizeGreaterThan(1000);
    assertThat(heldOut.recall()).isGreaterThanOrEqualTo(0.8);
    // The ceiling (0.3 %) holds in expectation; on ~900 ham allow the spread of a few messages.
    assertThat(heldOut.blockedHamRate()).isLessThanOrEqualTo(0.01);
  }
}
