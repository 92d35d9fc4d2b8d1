package dev.spamflow.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spamflow.adapters.fs.FileSystemModelRegistry;
import dev.spamflow.adapters.fs.FileSystemObjectStore;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackendChoiceTest {

  @TempDir Path dir;

  @Test
  void withoutServerVariablesBothAreTheEmbeddedOnesUnderTheLocalFolder() {
    BackendChoice choice =
        BackendChoice.fromEnv(
            Map.of(
                "SPAMFLOW_LOCAL_DIR", dir.toString(),
                // Blank counts as unset, as a Kubernetes env entry with an empty value does.
                "SPAMFLOW_MINIO_ENDPOINT", " ",
                "SPAMFLOW_MLFLOW_URI", ""));

    assertThat(choice.minio()).isFalse();
    assertThat(choice.mlflow()).isFalse();
    assertThat(choice.openStore()).isInstanceOf(FileSystemObjectStore.class);
    assertThat(choice.openRegistry()).isInstanceOf(FileSystemModelRegistry.class);
    assertThat(choice.describeStore()).isEqualTo("files(" + dir.resolve("store") + ")");
    assertThat(choice.describeRegistry()).isEqualTo("files(" + dir.resolve("registry") + ")");
  }

  @Test
  void eitherMlflowVariableChoosesMlflow() {
    assertThat(
            BackendChoice.fromEnv(Map.of("SPAMFLOW_MLFLOW_URI", "http://127.0.0.1:5000")).mlflow())
        .isTrue();
    BackendChoice standard =
        BackendChoice.fromEnv(Map.of("MLFLOW_TRACKING_URI", "http://127.0.0.1:5000"));
    assertThat(standard.mlflow()).isTrue();
    assertThat(standard.describeRegistry()).isEqualTo("mlflow(http://127.0.0.1:5000)");
  }

  @Test
  void minioWithoutCredentialsFailsNamingTheVariable() {
    BackendChoice choice =
        BackendChoice.fromEnv(Map.of("SPAMFLOW_MINIO_ENDPOINT", "http://127.0.0.1:9000"));

    assertThat(choice.minio()).isTrue();
    assertThatThrownBy(choice::openStore)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SPAMFLOW_MINIO_ACCESS_KEY");
  }
}
