package dev.spamflow.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@link ObjectStore} contract. An adapter's test extends this class and supplies the store;
 * every test works below its own random prefix, so a shared bucket is fine.
 */
public abstract class ObjectStoreContract {
  /** The store under test, from {@link #store()}. */
  protected ObjectStore store;

  /** A fresh prefix for this test's keys, ending in {@code /}. */
  protected String prefix;

  /** Returns the store under test; called before each test. */
  protected abstract ObjectStore store() throws Exception;

  /** Size of the object the large-upload test writes; big enough for a multipart upload. */
  protected int largeObjectSize() {
    return 3 * 1024 * 1024 + 17;
  }

  @BeforeEach
  final void createStore() throws Exception {
    store = store();
    prefix = "contract-" + UUID.randomUUID() + "/";
  }

  @Test
  void putThenGetReturnsTheContentAndWhatWasStored() {
    byte[] content = "label\ttext\nspam\tWIN a prize\n".getBytes(StandardCharsets.UTF_8);
    ObjectInfo put =
        store.put(
            prefix + "inbox/sms.tsv",
            new ByteArrayInputStream(content),
            content.length,
            "text/tab-separated-values",
            Map.of("dataset", "sms-1", "source-name", "upload"));

    assertThat(put.key()).isEqualTo(prefix + "inbox/sms.tsv");
    assertThat(put.size()).isEqualTo(content.length);
    assertThat(put.etag()).isNotBlank();
    assertThat(store.getBytes(prefix + "inbox/sms.tsv")).isEqualTo(content);
    ObjectInfo stat = store.stat(prefix + "inbox/sms.tsv").orElseThrow();
    assertThat(stat.etag()).isEqualTo(put.etag());
    assertThat(stat.size()).isEqualTo(content.length);
    assertThat(stat.contentType()).isEqualTo("text/tab-separated-values");
    assertThat(stat.metadata())
        .containsExactlyInAnyOrderEntriesOf(Map.of("dataset", "sms-1", "source-name", "upload"));
  }

  @Test
  void storesContentOfUnknownLengthCompletely() throws Exception {
    byte[] content = new byte[largeObjectSize()];
    new Random(42).nextBytes(content);

    ObjectInfo put =
        store.put(
            prefix + "curated/big.bin",
            new ByteArrayInputStream(content),
            ObjectStore.UNKNOWN_LENGTH,
            null,
            Map.of());

    assertThat(put.size()).isEqualTo(content.length);
    assertThat(store.stat(prefix + "curated/big.bin").orElseThrow().contentType())
        .isEqualTo(ObjectStore.DEFAULT_CONTENT_TYPE);
    try (InputStream in = store.get(prefix + "curated/big.bin")) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
  }

  @Test
  void keyWithSpacesPlusAndNonAsciiRoundTrips() {
    // MinIO URL-encodes keys in listings and events: "+" and " " must survive both ways.
    String key = prefix + "inbox/my file+1 ü.csv";
    store.put(key, "a,b\n".getBytes(StandardCharsets.UTF_8), "text/csv");

    assertThat(store.getBytes(key)).asString(StandardCharsets.UTF_8).isEqualTo("a,b\n");
    assertThat(store.list(prefix + "inbox/")).extracting(ObjectInfo::key).containsExactly(key);
  }

  @Test
  void putReplacesTheObjectAndEtagsFollowTheContent() {
    String key = prefix + "raw/manifest.json";
    String first = store.put(key, bytes("{\"v\":1}"), "application/json").etag();
    String second = store.put(key, bytes("{\"v\":2}"), "application/json").etag();
    String again = store.put(key, bytes("{\"v\":2}"), "application/json").etag();

    assertThat(second).isNotEqualTo(first);
    // Equal content gives an equal etag: consumers use it as part of their idempotency key.
    assertThat(again).isEqualTo(second);
    assertThat(store.getBytes(key)).asString(StandardCharsets.UTF_8).isEqualTo("{\"v\":2}");
  }

  @Test
  void missingObjectsAreEmptyOnStatAndNotFoundOnGet() {
    assertThat(store.stat(prefix + "nothing")).isEmpty();
    assertThatThrownBy(() -> store.get(prefix + "nothing"))
        .isInstanceOf(ObjectNotFoundException.class)
        .hasMessageContaining(prefix + "nothing");
  }

  @Test
  void listReturnsEveryDepthBelowThePrefixInKeyOrder() {
    for (String key : List.of("a/2.txt", "a/1.txt", "a/b/3.txt", "ab.txt", "b/1.txt")) {
      store.put(prefix + key, bytes(key), "text/plain");
    }

    assertThat(store.list(prefix + "a/"))
        .extracting(ObjectInfo::key)
        .containsExactly(prefix + "a/1.txt", prefix + "a/2.txt", prefix + "a/b/3.txt");
    // A prefix is a string prefix, not a folder: "a" also matches "ab.txt".
    assertThat(store.list(prefix + "a")).hasSize(4);
    assertThat(store.list(prefix + "a/b/3")).extracting(ObjectInfo::size).containsExactly(9L);
    assertThat(store.list(prefix + "zzz/")).isEmpty();
  }

  @Test
  void deleteRemovesTheObjectAndIsIdempotent() {
    store.put(prefix + "feedback/1.json", bytes("{}"), "application/json");

    store.delete(prefix + "feedback/1.json");
    store.delete(prefix + "feedback/1.json");

    assertThat(store.stat(prefix + "feedback/1.json")).isEmpty();
    assertThat(store.list(prefix)).isEmpty();
  }

  @Test
  void putIfAbsentStoresOnlyTheFirstTime() {
    String key = prefix + "raw/d1/manifest.json";
    Optional<ObjectInfo> first =
        store.putIfAbsent(key, new ByteArrayInputStream(bytes("first")), 5, "text/plain", Map.of());
    Optional<ObjectInfo> second =
        store.putIfAbsent(
            key, new ByteArrayInputStream(bytes("second")), 6, "text/plain", Map.of());

    assertThat(first).isPresent();
    assertThat(second).isEmpty();
    assertThat(store.getBytes(key)).asString(StandardCharsets.UTF_8).isEqualTo("first");
  }

  @Test
  void concurrentPutIfAbsentLetsExactlyOneWriterWin() throws Exception {
    String key = prefix + "raw/d2/manifest.json";
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Callable<Optional<ObjectInfo>>> writers = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        byte[] content = bytes("writer-" + i);
        writers.add(
            () ->
                store.putIfAbsent(
                    key,
                    new ByteArrayInputStream(content),
                    content.length,
                    "text/plain",
                    Map.of()));
      }
      int winners = 0;
      for (Future<Optional<ObjectInfo>> result : pool.invokeAll(writers)) {
        winners += result.get().isPresent() ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
      assertThat(store.getBytes(key)).asString(StandardCharsets.UTF_8).startsWith("writer-");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void contentShorterThanTheGivenLengthIsRejectedAndNothingIsStored() {
    String key = prefix + "raw/short.bin";
    assertThatThrownBy(
            () -> store.put(key, new ByteArrayInputStream(bytes("12345")), 10, null, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.stat(key)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "/etc/passwd",
        "../escape",
        "a/../../escape",
        "a/./b",
        "a//b",
        "trailing/",
        "nul\u0000byte",
        "back\\slash"
      })
  void invalidKeysAreRejectedBeforeTheStoreIsTouched(String key) {
    assertThatThrownBy(() -> store.put(key, bytes("x"), "text/plain"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.stat(key)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.get(key)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.delete(key)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void invalidMetadataAndPrefixesAreRejected() {
    assertThatThrownBy(
            () ->
                store.put(
                    prefix + "m",
                    new ByteArrayInputStream(bytes("x")),
                    1,
                    null,
                    Map.of("Bad", "x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.list("../")).isInstanceOf(IllegalArgumentException.class);
    assertThat(store.stat(prefix + "m")).isEmpty();
  }

  /** Returns the UTF-8 bytes of {@code text}. */
  protected static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
