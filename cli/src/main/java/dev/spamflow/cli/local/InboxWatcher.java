package dev.spamflow.cli.local;

import dev.spamflow.core.port.ObjectInfo;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.pipeline.DatasetRef;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Finds objects under {@code inbox/} that are new or changed since the last poll. An object is
 * handed on only once it looked the same in two polls in a row, because a file being copied into
 * the folder by hand grows between polls and must not be read half-written.
 */
public final class InboxWatcher {
  private final ObjectStore store;
  private final Consumer<ObjectInfo> onNew;
  private final Map<String, String> pending = new HashMap<>();
  private final Map<String, String> handled = new HashMap<>();

  /**
   * Watches {@code store}'s inbox.
   *
   * @param store the store whose {@code inbox/} is polled (not one that notifies, so polling writes
   *     nothing)
   * @param onNew called for each new or changed object, once it is stable
   */
  public InboxWatcher(ObjectStore store, Consumer<ObjectInfo> onNew) {
    this.store = Objects.requireNonNull(store, "store");
    this.onNew = Objects.requireNonNull(onNew, "onNew");
  }

  /**
   * Counts everything in the inbox now as handed on, so that only what arrives later is: at start,
   * after {@link LocalPipeline#reconcile} has resumed whatever was unfinished.
   */
  public synchronized void skipPresent() {
    for (ObjectInfo object : store.list(DatasetRef.INBOX_PREFIX)) {
      handled.put(object.key(), object.etag() + "/" + object.size());
    }
  }

  /** Lists the inbox once and hands on every object that is new or changed and stable. */
  public synchronized void poll() {
    List<ObjectInfo> objects = store.list(DatasetRef.INBOX_PREFIX);
    Set<String> present = new HashSet<>();
    for (ObjectInfo object : objects) {
      String key = object.key();
      present.add(key);
      String version = object.etag() + "/" + object.size();
      if (version.equals(handled.get(key))) {
        continue;
      }
      if (version.equals(pending.get(key))) {
        pending.remove(key);
        handled.put(key, version);
        onNew.accept(object);
      } else {
        pending.put(key, version);
      }
    }
    // A deleted object that comes back is new again.
    handled.keySet().retainAll(present);
    pending.keySet().retainAll(present);
  }
}
