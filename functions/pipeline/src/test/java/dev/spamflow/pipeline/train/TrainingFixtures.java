package dev.spamflow.pipeline.train;

import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.core.data.TestData;
import dev.spamflow.core.model.HyperParameters;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.TestStores;
import dev.spamflow.pipeline.curate.CurateFunction;
import dev.spamflow.pipeline.curate.CurateResult;
import dev.spamflow.pipeline.curate.CurateSettings;
import dev.spamflow.pipeline.ingest.IngestFunction;
import dev.spamflow.pipeline.ingest.IngestSettings;
import java.nio.file.Path;
import java.util.List;

/** The SMS collection run through ingest and curate, and search settings small enough for CI. */
public final class TrainingFixtures {

  /**
   * Short sequences, a small vocabulary and a generous learning rate: a model that learns the SMS
   * data in two epochs of a few seconds each.
   */
  public static final HyperParameters TINY_BASE =
      new HyperParameters(16, 16, 0.1, 64, 2, 40, 3000, 1, 0.01, 0.0, 11L, 2);

  /** Four small points: enough to check sampling and selection, cheap enough to train twice. */
  public static final SearchSpace TINY_SPACE =
      new SearchSpace(List.of(8, 16), List.of(8, 16), List.of(0.1), List.of(64), List.of(10));

  private TrainingFixtures() {}

  /**
   * Ingests and curates the SMS collection into a store.
   *
   * @param store the store
   * @param temp a folder for staging
   * @return the curated dataset
   */
  public static DatasetRef curatedSms(FileSystemObjectStore store, Path temp) {
    DatasetRef dataset =
        new IngestFunction(store, new IngestSettings(IngestSettings.DEFAULT.readerLimits(), temp))
            .apply(TestStores.upload(store, "inbox/SMSSpamCollection", TestData.sms()))
            .dataset()
            .orElseThrow();
    CurateResult curated =
        new CurateFunction(store, CurateSettings.DEFAULT.withTempDirectory(temp)).apply(dataset);
    if (curated.status() != CurateResult.Status.CURATED) {
      throw new IllegalStateException("the SMS collection was not curated: " + curated);
    }
    return dataset;
  }

  /**
   * Returns settings for a search of {@code trials} tiny trials of at most two epochs.
   *
   * @param trials the trial budget
   * @param temp a folder for staging
   * @return the settings
   */
  public static TrainSettings tinySearch(int trials, Path temp) {
    TrainSettings d = TrainSettings.DEFAULT;
    return new TrainSettings(
        TINY_SPACE,
        TINY_BASE,
        trials,
        2,
        1,
        d.blockedHamCeiling(),
        d.experiment(),
        temp,
        d.lease(),
        d.feedback());
  }
}
