package dev.spamflow.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spamflow.adapters.fs.FileSystemConfig;
import dev.spamflow.adapters.minio.MinioConfig;
import dev.spamflow.adapters.mlflow.MlflowConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  @TempDir Path temp;

  @Test
  void secretsComeFromTheVariableOrFromTheFileItNames() throws Exception {
    Path secretFile = Files.writeString(temp.resolve("secret"), "from-file\n");

    MinioConfig config =
        MinioConfig.fromEnv(
            Map.of(
                "SPAMFLOW_MINIO_ENDPOINT", "http://127.0.0.1:9000",
                "SPAMFLOW_MINIO_ACCESS_KEY", "spamflow",
                "SPAMFLOW_MINIO_SECRET_KEY_FILE", secretFile.toString()));

    assertThat(config.secretKey()).isEqualTo("from-file");
    assertThat(config.bucket()).isEqualTo(MinioConfig.DEFAULT_BUCKET);
    assertThat(config.toString()).doesNotContain("from-file");
  }

  @Test
  void aMissingSecretNamesBothVariablesButNoValue() {
    assertThatThrownBy(
            () ->
                MinioConfig.fromEnv(
                    Map.of(
                        "SPAMFLOW_MINIO_ENDPOINT", "http://127.0.0.1:9000",
                        "SPAMFLOW_MINIO_ACCESS_KEY", "spamflow")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SPAMFLOW_MINIO_SECRET_KEY")
        .hasMessageContaining("SPAMFLOW_MINIO_SECRET_KEY_FILE");
  }

  @Test
  void mlflowFallsBackToMlflowsOwnVariable() {
    assertThat(
            MlflowConfig.fromEnv(Map.of("MLFLOW_TRACKING_URI", "http://mlflow:5000")).trackingUri())
        .hasToString("http://mlflow:5000");
    assertThatThrownBy(() -> MlflowConfig.fromEnv(Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SPAMFLOW_MLFLOW_URI");
  }

  @Test
  void theEmbeddedAdaptersDefaultToADirectoryInTheWorkingDirectory() {
    assertThat(FileSystemConfig.fromEnv(Map.of()).dataDirectory())
        .isEqualTo(FileSystemConfig.DEFAULT_DATA_DIRECTORY);
    assertThat(FileSystemConfig.fromEnv(Map.of("SPAMFLOW_LOCAL_DIR", "/data")).storeDirectory())
        .isEqualTo(Path.of("/data/store"));
  }

  @Test
  void aPortIsANumberInRangeOrTheFallbackWhenUnset() {
    assertThat(Settings.of(Map.of("PORT", " 8090 ")).port("PORT", 8080)).isEqualTo(8090);
    assertThat(Settings.of(Map.of()).port("PORT", 8080)).isEqualTo(8080);
    assertThat(Settings.of(Map.of("PORT", "")).port("PORT", 8080)).isEqualTo(8080);
    assertThatThrownBy(() -> Settings.of(Map.of("PORT", "http")).port("PORT", 8080))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("PORT is not a port number: http");
    assertThatThrownBy(() -> Settings.of(Map.of("PORT", "70000")).port("PORT", 8080))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("PORT must be between 0 and 65535: 70000");
  }
}
