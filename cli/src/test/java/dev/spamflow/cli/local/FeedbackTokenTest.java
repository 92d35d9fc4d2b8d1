package dev.spamflow.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedbackTokenTest {

  @TempDir Path dir;

  @Test
  void makesOneOwnerOnlyTokenPerDataFolderAndKeepsIt() throws IOException {
    Path file = FeedbackToken.ensure(dir.resolve("data"));
    String token = Files.readString(file).strip();

    assertThat(file).isEqualTo(dir.resolve("data").resolve(FeedbackToken.FILE_NAME));
    assertThat(token).matches("[A-Za-z0-9_-]{43}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(FeedbackToken.ensure(dir.resolve("data"))).strip())
        .isEqualTo(token);
    assertThat(Files.readString(FeedbackToken.ensure(dir.resolve("other"))).strip())
        .isNotEqualTo(token);
  }

  @Test
  void anEmptyTokenFileIsAnErrorNamingIt() throws IOException {
    Files.writeString(dir.resolve(FeedbackToken.FILE_NAME), "\n");

    assertThatThrownBy(() -> FeedbackToken.ensure(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(FeedbackToken.FILE_NAME)
        .hasMessageContaining("delete it");
  }
}
