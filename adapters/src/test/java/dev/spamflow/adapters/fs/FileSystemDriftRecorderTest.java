package dev.spamflow.adapters.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spamflow.core.port.DriftRecorder;
import dev.spamflow.core.port.DriftRecorderContract;
import dev.spamflow.core.port.DriftRecorderException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemDriftRecorderTest extends DriftRecorderContract {
  @TempDir Path root;

  @Override
  protected DriftRecorder recorder() {
    return new FileSystemDriftRecorder(root.resolve("drift-runs"));
  }

  @Test
  void aDamagedRecordNamesItsFile() throws IOException {
    Files.createDirectories(root.resolve("drift-runs"));
    Files.writeString(root.resolve("drift-runs/broken.json"), "{not json");

    assertThatThrownBy(() -> recorder.run("broken"))
        .isInstanceOf(DriftRecorderException.class)
        .hasMessageContaining("broken.json");
  }

  @Test
  void aRunIdThatCouldLeaveTheFolderIsRefused() {
    assertThatThrownBy(() -> recorder.run("../escape"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("drift run id");
    assertThat(root.resolve("escape.json")).doesNotExist();
  }
}
