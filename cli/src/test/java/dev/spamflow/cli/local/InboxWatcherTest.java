package dev.spamflow.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.core.port.ObjectInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InboxWatcherTest {

  @TempDir java.nio.file.Path temp;

  @Test
  void handsOnAnInboxObjectOnceItIsStableAndAgainOnlyWhenItChanges() throws Exception {
    FileSystemObjectStore store = new FileSystemObjectStore(temp);
    List<String> seen = new ArrayList<>();
    InboxWatcher watcher = new InboxWatcher(store, (ObjectInfo o) -> seen.add(o.key()));
    store.put("inbox/a.tsv", "ham\thi\n".getBytes(StandardCharsets.UTF_8), "text/plain");
    store.put("raw/x/manifest.json", "{}".getBytes(StandardCharsets.UTF_8), "application/json");

    watcher.poll();
    assertThat(seen).isEmpty();
    watcher.poll();
    watcher.poll();
    assertThat(seen).containsExactly("inbox/a.tsv");

    store.put("inbox/a.tsv", "spam\twin\n".getBytes(StandardCharsets.UTF_8), "text/plain");
    watcher.poll();
    watcher.poll();
    assertThat(seen).containsExactly("inbox/a.tsv", "inbox/a.tsv");
  }
}
