package dev.spamflow.pipeline.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.core.data.DataSplit;
import dev.spamflow.core.data.TestData;
import dev.spamflow.lakehouse.MessageTables;
import dev.spamflow.pipeline.CuratedManifest;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.StagedFiles;
import dev.spamflow.pipeline.TestStores;
import dev.spamflow.pipeline.curate.CurateFunction;
import dev.spamflow.pipeline.curate.CurateSettings;
import dev.spamflow.pipeline.ingest.IngestFunction;
import dev.spamflow.pipeline.ingest.IngestSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CuratedDataTest {

  @TempDir Path temp;

  @Test
  void theTableAtTheRecordedVersionGivesExactlyTheSplitThePartsHold() {
    FileSystemObjectStore store = TestStores.open(temp.resolve("store"));
    DatasetRef sms = TrainingFixtures.curatedSms(store, temp);
    // A later dataset moves the table on; the recorded version still reads the SMS rows alone.
    DatasetRef email =
        new IngestFunction(store, new IngestSettings(IngestSettings.DEFAULT.readerLimits(), temp))
            .apply(TestStores.upload(store, "inbox/train.csv", TestData.email()))
            .dataset()
            .orElseThrow();
    new CurateFunction(store, CurateSettings.DEFAULT.withTempDirectory(temp)).apply(email);
    CuratedManifest manifest = CuratedData.manifest(store, sms);
    assertThat(new MessageTables(store).curated().latestVersion()).contains(1L);

    DataSplit fromTable;
    DataSplit fromParts;
    try (StagedFiles staged = StagedFiles.create(temp, "t-")) {
      fromTable = CuratedData.split(store, manifest, staged);
      fromParts = CuratedData.split(store, copy(manifest, manifest.datasetId(), null), staged);
    }

    assertThat(fromTable.train()).hasSize((int) manifest.parts().get(0).labels().total());
    assertThat(fromTable).isEqualTo(fromParts);
  }

  @Test
  void aTableVersionThatDisagreesWithTheManifestIsRefusedByPartAndVersion() {
    FileSystemObjectStore store = TestStores.open(temp.resolve("store"));
    DatasetRef sms = TrainingFixtures.curatedSms(store, temp);
    CuratedManifest manifest = CuratedData.manifest(store, sms);
    CuratedManifest wrongVersion = copy(manifest, "0123456789abcdef", manifest.tables());

    try (StagedFiles staged = StagedFiles.create(temp, "t-")) {
      assertThatThrownBy(() -> CuratedData.split(store, wrongVersion, staged))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(MessageTables.CURATED + " version 0 holds")
          .hasMessageContaining("for part train of dataset 0123456789abcdef");
    }
  }

  /** The manifest with another dataset id and tables. */
  private static CuratedManifest copy(
      CuratedManifest manifest, String datasetId, CuratedManifest.Tables tables) {
    return new CuratedManifest(
        manifest.formatVersion(),
        datasetId,
        manifest.rawManifest(),
        manifest.seed(),
        manifest.validationFraction(),
        manifest.testFraction(),
        manifest.parts(),
        manifest.referenceStats(),
        manifest.schema(),
        manifest.createdAt(),
        tables);
  }
}
