package dev.spamflow.adapters.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.core.port.ObjectStoreContract;
import dev.spamflow.core.port.ObjectStoreException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemObjectStoreTest extends ObjectStoreContract {
  @TempDir Path root;

  @Override
  protected ObjectStore store() {
    return new FileSystemObjectStore(root);
  }

  @Test
  void objectsArePlainFilesUnderTheirKey() throws IOException {
    store.put(prefix + "inbox/sms.csv", bytes("label,text\n"), "text/csv");

    assertThat(root.resolve("objects").resolve(prefix + "inbox/sms.csv")).hasContent("label,text");
  }

  @Test
  void aKeyUsedAsFolderOfAnotherIsRefusedWithoutDamage() {
    store.put(prefix + "raw/d1", bytes("file"), "text/plain");

    assertThatThrownBy(() -> store.put(prefix + "raw/d1/part-0", bytes("x"), "text/plain"))
        .isInstanceOf(ObjectStoreException.class)
        .hasMessageContaining("folder");
    assertThat(store.getBytes(prefix + "raw/d1")).asString().isEqualTo("file");
  }

  @Test
  void failedWritesLeaveNoTemporaryFiles() throws IOException {
    assertThatThrownBy(
            () ->
                store.put(prefix + "x", new ByteArrayInputStream(bytes("abc")), 99, null, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);

    try (Stream<Path> files = Files.walk(root)) {
      assertThat(files.filter(Files::isRegularFile).map(Path::getFileName).map(Path::toString))
          .noneMatch(name -> name.startsWith(".tmp-"));
    }
  }

  @Test
  void aSecondStoreOnTheSameDirectorySeesTheSameObjects() {
    store.put(prefix + "shared.txt", bytes("one"), "text/plain");

    ObjectStore other = new FileSystemObjectStore(root);

    assertThat(other.getBytes(prefix + "shared.txt")).asString().isEqualTo("one");
  }
}
