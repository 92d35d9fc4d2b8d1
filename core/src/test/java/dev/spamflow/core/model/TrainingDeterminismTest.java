package dev.spamflow.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.core.data.DataSplit;
import dev.spamflow.core.data.DatasetLoader;
import dev.spamflow.core.data.LoadedDataset;
import dev.spamflow.core.data.Splitter;
import dev.spamflow.core.data.TestData;
import dev.spamflow.core.serving.BundleManifest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same data and seed give the same model, even though the folds' networks train on a pool of
 * threads in whatever order the scheduler picks (dropout once drew from whichever thread's
 * generator ran the epoch, and two runs of the benchmark disagreed).
 */
class TrainingDeterminismTest {

  private static final HyperParameters TINY =
      new HyperParameters(8, 8, 0.3, 32, 2, 40, 2000, 1, 0.01, 0.0, 3L, 1);

  @Test
  void twoRunsOnTwoThreadsGiveTheSameModel() {
    LoadedDataset sms = DatasetLoader.load(List.of(TestData.sms()));
    DataSplit split = Splitter.split(sms.messages().subList(0, 900), 0.1, 0.2, 3L);
    TrainingConfig config = TrainingConfig.of(TINY).with(TrainingConfig.DEFAULT_FOLDS, 2, 16);

    BundleManifest first = train(sms, split, config).manifest();
    BundleManifest second = train(sms, split, config).manifest();

    assertThat(second.history())
        .usingRecursiveFieldByFieldElementComparatorIgnoringFields("millis")
        .isEqualTo(first.history());
    assertThat(second.ensemble()).isEqualTo(first.ensemble());
    assertThat(second.threshold()).isEqualTo(first.threshold());
    assertThat(second.test()).isEqualTo(first.test());
  }

  private static TrainedModel train(LoadedDataset sms, DataSplit split, TrainingConfig config) {
    return SpamModelTraining.train(
        List.of("SMSSpamCollection"),
        sms.contentHash(),
        sms.stats(),
        split,
        3L,
        config,
        TrainingListener.NONE);
  }
}
