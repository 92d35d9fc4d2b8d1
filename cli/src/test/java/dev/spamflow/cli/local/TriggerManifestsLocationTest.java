package dev.spamflow.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TriggerManifestsLocationTest {

  @TempDir Path temp;

  @Test
  void findsKnativeBaseInAParentOfTheWorkingDirectory() throws Exception {
    Path base = Files.createDirectories(temp.resolve("knative/base"));
    Path nested = Files.createDirectories(temp.resolve("a/b"));

    assertThat(TriggerManifestsLocation.find(Optional.empty(), Optional.empty(), nested))
        .isEqualTo(base);
  }

  @Test
  void saysWhereItLookedWhenTheFolderIsMissing() {
    Path home = temp.resolve("repo");

    assertThatThrownBy(
            () -> TriggerManifestsLocation.find(Optional.empty(), Optional.of(home), temp))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(home.resolve("knative/base").toString())
        .hasMessageContaining("--triggers DIR");
  }
}
