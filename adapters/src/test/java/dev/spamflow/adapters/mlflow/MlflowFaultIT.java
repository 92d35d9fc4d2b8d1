package dev.spamflow.adapters.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spamflow.adapters.RetrySettings;
import dev.spamflow.adapters.ServerProcess;
import dev.spamflow.adapters.TestServers;
import dev.spamflow.core.port.ModelRegistryException;
import dev.spamflow.core.port.ModelVersion;
import dev.spamflow.core.port.Run;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MLflow stopped, for real: a private MLflow server (the one {@code scripts/servers.sh} installed)
 * with its own database is stopped between registrations and started again on the same data.
 */
class MlflowFaultIT {
  @TempDir Path temp;

  private ServerProcess mlflow;
  private MlflowModelRegistry registry;
  private URI uri;

  @BeforeEach
  void startPrivateMlflow() throws Exception {
    String binary = TestServers.require("SPAMFLOW_MLFLOW_BIN");
    int port = TestServers.freePort();
    uri = URI.create("http://127.0.0.1:" + port);
    mlflow =
        new ServerProcess(
                List.of(
                    binary,
                    "server",
                    "--backend-store-uri",
                    "sqlite:///" + temp.resolve("mlflow.db"),
                    "--artifacts-destination",
                    temp.resolve("artifacts").toUri().toString(),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    Integer.toString(port),
                    "--workers",
                    "1"),
                // As in scripts/servers.sh: no job-runner processes, which only slow start-up.
                Map.of("MLFLOW_SERVER_ENABLE_JOB_EXECUTION", "false"),
                uri.resolve("/health"),
                temp.resolve("mlflow.log"),
                Duration.ofMinutes(2))
            .start();
    registry =
        new MlflowModelRegistry(
            new MlflowConfig(
                uri,
                new RetrySettings(3, Duration.ofMillis(100), Duration.ofMillis(400)),
                Duration.ofSeconds(10)));
  }

  @AfterEach
  void stopPrivateMlflow() throws InterruptedException {
    mlflow.stop();
  }

  @Test
  void aStoppedServerFailsClearlyAndLeavesNothingHalfRegistered() throws Exception {
    Run run = registry.startRun("fault", Optional.empty(), Map.of());
    Path bundle = Files.createDirectories(temp.resolve("bundle"));
    Files.writeString(bundle.resolve("model.bin"), "weights");
    registry.uploadArtifacts(run.id(), bundle, "model");
    registry.registerVersion("spam-detector", run.id(), "model", Map.of());
    registry.setAlias("spam-detector", "champion", 1);

    mlflow.stop();

    assertThatThrownBy(() -> registry.registerVersion("spam-detector", run.id(), "model", Map.of()))
        .isInstanceOf(ModelRegistryException.class)
        .hasMessageContaining(uri.toString())
        .hasMessageContaining("failed");
    assertThatThrownBy(() -> registry.setAlias("spam-detector", "champion", 2))
        .isInstanceOf(ModelRegistryException.class)
        .hasMessageContaining(uri.toString());

    mlflow.start();
    // Neither a version without artifacts nor an alias naming a missing version was left behind.
    assertThat(registry.versions("spam-detector"))
        .extracting(ModelVersion::version)
        .containsExactly(1);
    assertThat(registry.versionByAlias("spam-detector", "champion"))
        .map(ModelVersion::version)
        .contains(1);

    ModelVersion second = registry.registerVersion("spam-detector", run.id(), "model", Map.of());
    registry.setAlias("spam-detector", "champion", second.version());
    assertThat(registry.versionByAlias("spam-detector", "champion"))
        .map(ModelVersion::version)
        .contains(2);
    Path downloaded = temp.resolve("downloaded");
    registry.downloadVersion("spam-detector", 2, downloaded);
    assertThat(downloaded.resolve("model.bin")).hasContent("weights");
  }
}
