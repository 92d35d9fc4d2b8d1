package dev.spamflow.adapters.mlflow;

import dev.spamflow.adapters.TestServers;
import dev.spamflow.core.port.ExperimentTracker;
import dev.spamflow.core.port.ExperimentTrackerContract;

/**
 * The experiment tracker contract against the MLflow server that {@code scripts/servers.sh}
 * started.
 */
class MlflowExperimentTrackerIT extends ExperimentTrackerContract {
  @Override
  protected ExperimentTracker tracker() {
    TestServers.require(MlflowConfig.URI_ENV);
    return new MlflowModelRegistry(MlflowConfig.fromEnv(System.getenv()));
  }
}
