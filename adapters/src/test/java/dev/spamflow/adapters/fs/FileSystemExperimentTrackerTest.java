package dev.spamflow.adapters.fs;

import dev.spamflow.core.port.ExperimentTracker;
import dev.spamflow.core.port.ExperimentTrackerContract;
import java.nio.file.Files;

/** The experiment tracker contract on the embedded registry directory. */
class FileSystemExperimentTrackerTest extends ExperimentTrackerContract {
  @Override
  protected ExperimentTracker tracker() throws Exception {
    return new FileSystemModelRegistry(Files.createTempDirectory(temp, "registry"));
  }
}
