package dev.spamflow.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spamflow.adapters.fs.FileSystemDriftRecorder;
import dev.spamflow.adapters.fs.FileSystemModelRegistry;
import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.pipeline.drift.DriftSettings;
import dev.spamflow.pipeline.feedback.FeedbackSettings;
import dev.spamflow.pipeline.train.TrainSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageSettingsTest {
  @TempDir Path temp;

  @Test
  void withoutServerVariablesTheEmbeddedAdaptersAreUsed() {
    StageSettings settings =
        StageSettings.fromEnv(Map.of("SPAMFLOW_LOCAL_DIR", temp.toString(), "K_SINK", "http://x/"));

    assertThat(settings.openStore()).isInstanceOf(FileSystemObjectStore.class);
    assertThat(settings.openRegistry()).isInstanceOf(FileSystemModelRegistry.class);
    assertThat(settings.publisher().sink()).hasToString("http://x/");
  }

  @Test
  void trainDefaultsComeFromTrainSettingsAndTheVariablesOverrideThem() {
    assertThat(StageSettings.fromEnv(Map.of()).train()).isEqualTo(TrainSettings.DEFAULT);

    TrainSettings train =
        StageSettings.fromEnv(
                Map.of(
                    "SPAMFLOW_TRAIN_TRIALS", "2",
                    "SPAMFLOW_TRAIN_MAX_EPOCHS", "1",
                    "SPAMFLOW_TRAIN_EXPERIMENT", "smoke"))
            .train();

    assertThat(train.trialBudget()).isEqualTo(2);
    assertThat(train.maxEpochs()).isEqualTo(1);
    assertThat(train.experiment()).isEqualTo("smoke");
    assertThat(train.base()).isEqualTo(TrainSettings.DEFAULT.base());
  }

  @Test
  void aBadNumberIsReportedWithItsVariable() {
    StageSettings settings = StageSettings.fromEnv(Map.of("SPAMFLOW_TRAIN_MAX_EPOCHS", "0"));

    assertThatThrownBy(settings::train)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SPAMFLOW_TRAIN_MAX_EPOCHS");
  }

  @Test
  void missingSinkOrMinioCredentialsAreNamed() {
    StageSettings settings =
        StageSettings.fromEnv(Map.of("SPAMFLOW_MINIO_ENDPOINT", "http://127.0.0.1:1"));

    assertThat(settings.usesMinio()).isTrue();
    assertThatThrownBy(settings::publisher).hasMessageContaining("K_SINK");
    assertThatThrownBy(settings::openStore).hasMessageContaining("SPAMFLOW_MINIO_ACCESS_KEY");
  }

  @Test
  void secretsAreNeverPrinted() {
    StageSettings settings =
        StageSettings.fromEnv(
            Map.of("SPAMFLOW_MINIO_SECRET_KEY", "s3cr3t", "UNRELATED", "ignored"));

    assertThat(settings.toString()).contains("SPAMFLOW_MINIO_SECRET_KEY").doesNotContain("s3cr3t");
    assertThat(settings.env()).doesNotContainKey("UNRELATED");
  }

  @Test
  void theDriftWindowIsSixHoursUnlessAVariableSaysOtherwise() {
    assertThat(StageSettings.fromEnv(Map.of()).drift()).isEqualTo(DriftSettings.DEFAULT);
    assertThat(StageSettings.fromEnv(Map.of("SPAMFLOW_DRIFT_WINDOW", "PT90M")).drift().window())
        .isEqualTo(Duration.ofMinutes(90));
    assertThat(StageSettings.fromEnv(Map.of("SPAMFLOW_DRIFT_WINDOW", "12")).drift().window())
        .isEqualTo(Duration.ofHours(12));
    assertThat(
            StageSettings.fromEnv(Map.of("SPAMFLOW_DRIFT_LAST_MESSAGES", "500"))
                .drift()
                .lastMessages())
        .isEqualTo(500);
    assertThatThrownBy(() -> StageSettings.fromEnv(Map.of("SPAMFLOW_DRIFT_WINDOW", "six")).drift())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SPAMFLOW_DRIFT_WINDOW")
        .hasMessageContaining("PT6H");
  }

  @Test
  void retrainingTakesFeedbackWithinTheCapsTheVariablesGive() {
    assertThat(StageSettings.fromEnv(Map.of()).train().feedback())
        .isEqualTo(FeedbackSettings.DEFAULT);
    FeedbackSettings set =
        StageSettings.fromEnv(
                Map.of("SPAMFLOW_FEEDBACK_WINDOW", "P7D", "SPAMFLOW_FEEDBACK_MAX_PER_DAY", "50"))
            .train()
            .feedback();
    assertThat(set.window()).isEqualTo(Duration.ofDays(7));
    assertThat(set.maxPerDay()).isEqualTo(50);
    assertThat(
            StageSettings.fromEnv(Map.of("SPAMFLOW_FEEDBACK_MAX_PER_DAY", "0"))
                .train()
                .feedback()
                .enabled())
        .isFalse();
    assertThatThrownBy(
            () -> StageSettings.fromEnv(Map.of("SPAMFLOW_FEEDBACK_MAX_PER_DAY", "-3")).train())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SPAMFLOW_FEEDBACK_MAX_PER_DAY")
        .hasMessageContaining("-3");
    assertThatThrownBy(
            () -> StageSettings.fromEnv(Map.of("SPAMFLOW_FEEDBACK_WINDOW", "PT0S")).train())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SPAMFLOW_FEEDBACK_WINDOW");
  }

  @Test
  void onMinioTheDriftRecordNeedsPostgres() {
    StageSettings minio =
        StageSettings.fromEnv(Map.of("SPAMFLOW_MINIO_ENDPOINT", "http://127.0.0.1:1"));
    assertThatThrownBy(minio::openDriftRecorder)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SPAMFLOW_POSTGRES_URL");

    StageSettings local = StageSettings.fromEnv(Map.of("SPAMFLOW_LOCAL_DIR", temp.toString()));
    assertThat(local.openDriftRecorder()).isInstanceOf(FileSystemDriftRecorder.class);
  }
}
