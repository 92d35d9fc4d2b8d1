package dev.spamflow.adapters.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.adapters.TestServers;
import dev.spamflow.core.port.ModelRegistryContract;
import dev.spamflow.core.port.ModelVersion;
import dev.spamflow.core.port.Run;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The model registry contract against the MLflow server that {@code scripts/servers.sh} started.
 */
class MlflowModelRegistryIT extends ModelRegistryContract<MlflowModelRegistry> {
  @Override
  protected MlflowModelRegistry registry() {
    TestServers.require(MlflowConfig.URI_ENV);
    return new MlflowModelRegistry(MlflowConfig.fromEnv(System.getenv()));
  }

  @Test
  void registeredVersionsPointAtTheRunsArtifactsInMlflow() throws Exception {
    Run run = registry.startRun(experiment, Optional.empty(), Map.of());
    registry.uploadArtifacts(run.id(), modelBundle("bundle"), "model");

    ModelVersion version = registry.registerVersion(model, run.id(), "model", Map.of());

    // Another MLflow client (the UI, Python) finds the same version with the same source folder.
    assertThat(version.artifactPath()).isEqualTo("model");
    assertThat(registry.versions(model)).containsExactly(version);
  }
}
