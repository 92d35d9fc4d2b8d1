package dev.spamflow.adapters.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.core.port.FeatureRow;
import dev.spamflow.core.port.OnlineFeatureStore;
import dev.spamflow.core.port.OnlineFeatureStoreContract;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemOnlineFeatureStoreTest extends OnlineFeatureStoreContract {

  @TempDir Path dir;

  @Override
  protected OnlineFeatureStore store() {
    return new FileSystemOnlineFeatureStore(dir);
  }

  @Test
  void anotherInstanceOnTheSameDirectorySeesTheWrites() {
    Instant at = Instant.parse("2026-12-04T10:00:00Z");
    store.write(view, List.of(new FeatureRow("m1", at, Map.of("text_length", 5))));
    OnlineFeatureStore other = new FileSystemOnlineFeatureStore(dir);
    other.write(view, List.of(new FeatureRow("m1", at.plusSeconds(1), Map.of("text_length", 6))));

    assertThat(store.read(view, "m1", List.of("text_length")).orElseThrow().values())
        .containsEntry("text_length", 6);
  }
}
