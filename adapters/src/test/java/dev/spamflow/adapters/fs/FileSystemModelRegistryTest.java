package dev.spamflow.adapters.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.core.port.ModelRegistryContract;
import dev.spamflow.core.port.ModelVersion;
import dev.spamflow.core.port.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FileSystemModelRegistryTest extends ModelRegistryContract<FileSystemModelRegistry> {
  private Path root;

  @Override
  protected FileSystemModelRegistry registry() throws Exception {
    root = Files.createTempDirectory(temp, "registry");
    return new FileSystemModelRegistry(root);
  }

  @Test
  void twoProcessesRegisteringAtOnceGetDistinctCompleteVersions() throws Exception {
    Run run = registry.startRun(experiment, Optional.empty(), Map.of());
    registry.uploadArtifacts(run.id(), modelBundle("bundle"), "model");
    int perProcess = 8;

    List<Process> writers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      writers.add(
          new ProcessBuilder(
                  ProcessHandle.current().info().command().orElse("java"),
                  "-cp",
                  System.getProperty("java.class.path"),
                  RegistryWriterProcess.class.getName(),
                  root.toString(),
                  model,
                  run.id(),
                  Integer.toString(perProcess))
              .redirectErrorStream(true)
              .redirectOutput(temp.resolve("writer-" + i + ".log").toFile())
              .start());
    }
    for (Process writer : writers) {
      assertThat(writer.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(writer.exitValue())
          .as(Files.readString(temp.resolve("writer-" + writers.indexOf(writer) + ".log")))
          .isZero();
    }

    // Version numbers are handed out under the lock: no gaps, no duplicates, each with its files.
    assertThat(registry.versions(model))
        .extracting(ModelVersion::version)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 2 * perProcess).boxed().toList());
    for (int version = 1; version <= 2 * perProcess; version++) {
      Path target = temp.resolve("v" + version);
      registry.downloadVersion(model, version, target);
      assertThat(files(target)).containsExactly("config.json", "weights/layer 0.bin");
    }
    assertThat(registry.versionByAlias(model, "champion")).isPresent();
  }

  @Test
  void aRegistryReopenedOnTheSameDirectoryKeepsEverything() throws Exception {
    Run run = registry.startRun(experiment, Optional.empty(), Map.of("k", "v"));
    registry.uploadArtifacts(run.id(), modelBundle("bundle"), "model");
    registry.registerVersion(model, run.id(), "model", Map.of());
    registry.setAlias(model, "champion", 1);

    FileSystemModelRegistry reopened = new FileSystemModelRegistry(root);

    assertThat(reopened.getRun(run.id()).tags()).containsEntry("k", "v");
    assertThat(reopened.versionByAlias(model, "champion")).map(ModelVersion::version).contains(1);
  }
}
