package dev.spamflow.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.adapters.minio.MinioConfig;
import dev.spamflow.adapters.minio.MinioObjectStore;
import dev.spamflow.core.text.TextFeatures;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The tables on the MinIO that {@code scripts/servers.sh} started, each test in a bucket of its
 * own. What is proven here and not on the local store: a Delta commit is safe on MinIO because
 * {@link ObjectStoreFileIO} writes {@code _delta_log/<version>.json} with a conditional put, so of
 * two writers racing for one version exactly one wins, and the loser either retries at the next
 * version (another dataset) or finds its dataset committed (the same one).
 */
class MinioDeltaTableIT {

  private static final Instant AT = Instant.parse("2026-12-04T12:00:00Z");

  private static MinioObjectStore freshBucket() {
    String endpoint = System.getenv(MinioConfig.ENDPOINT_ENV);
    assertThat(endpoint)
        .as(
            MinioConfig.ENDPOINT_ENV
                + " is not set; start the servers first: source scripts/servers.sh &&"
                + " servers_install && servers_up")
        .isNotBlank();
    String bucket = "it-delta-" + UUID.randomUUID().toString().substring(0, 8);
    return MinioObjectStore.open(MinioConfig.fromEnv(System.getenv()).withBucket(bucket));
  }

  @Test
  void appendsOnceAndReadsEveryVersionBack() {
    MinioObjectStore store = freshBucket();
    MessageTables tables = new MessageTables(store);

    MessageTables.Versions first = tables.append(batch(tables, "aaaaaaaa", 4));
    MessageTables.Versions second = tables.append(batch(tables, "bbbbbbbb", 3));
    MessageTables.Versions again = tables.append(batch(tables, "aaaaaaaa", 4));

    assertThat(first.curated().version()).isZero();
    assertThat(second.curated().version()).isEqualTo(1);
    assertThat(again.appended()).isFalse();
    assertThat(again.curated().version()).isZero();
    assertThat(tables.curated().latestVersion()).contains(1L);
    assertThat(tables.curated().read(0)).hasSize(4);
    assertThat(tables.features().read(1)).hasSize(7);
  }

  @Test
  void twoDeliveriesOfOneDatasetRacingCommitItOnce() throws Exception {
    MinioObjectStore store = freshBucket();
    new MessageTables(store).append(batch(new MessageTables(store), "00000000", 2));

    List<MessageTables.Versions> results = race(store, "cccccccc", "cccccccc");

    assertThat(results).extracting(v -> v.curated().version()).containsOnly(1L);
    assertThat(results).filteredOn(MessageTables.Versions::appended).hasSizeLessThanOrEqualTo(1);
    MessageTables tables = new MessageTables(store);
    assertThat(tables.curated().latestVersion()).contains(1L);
    assertThat(tables.curated().read(1)).hasSize(4);
  }

  @Test
  void twoDatasetsRacingBothCommitAtDifferentVersions() throws Exception {
    MinioObjectStore store = freshBucket();
    new MessageTables(store).append(batch(new MessageTables(store), "00000000", 2));

    List<MessageTables.Versions> results = race(store, "dddddddd", "eeeeeeee");

    assertThat(results).allMatch(MessageTables.Versions::appended);
    assertThat(results).extracting(v -> v.features().version()).containsExactlyInAnyOrder(1L, 2L);
    assertThat(new MessageTables(store).features().read(2)).hasSize(6);
  }

  @Test
  void twoDatasetsRacingToCreateTheTableBothLand() throws Exception {
    MinioObjectStore store = freshBucket();

    List<MessageTables.Versions> results = race(store, "ffffffff", "abababab");

    assertThat(results).allMatch(MessageTables.Versions::appended);
    assertThat(results).extracting(v -> v.curated().version()).containsExactlyInAnyOrder(0L, 1L);
    assertThat(new MessageTables(store).curated().read(1)).hasSize(4);
  }

  /** Two processes' worth of tables (separate engines), appending at the same moment. */
  private static List<MessageTables.Versions> race(
      MinioObjectStore store, String firstDataset, String secondDataset) throws Exception {
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Callable<MessageTables.Versions>> appends =
          List.of(firstDataset, secondDataset).stream()
              .<Callable<MessageTables.Versions>>map(
                  dataset ->
                      () -> {
                        MessageTables tables = new MessageTables(store);
                        MessageTables.Batch rows = batch(tables, dataset, 2);
                        start.await();
                        return tables.append(rows);
                      })
              .toList();
      List<Future<MessageTables.Versions>> futures = pool.invokeAll(appends);
      return List.of(futures.get(0).get(), futures.get(1).get());
    } finally {
      pool.shutdownNow();
    }
  }

  private static MessageTables.Batch batch(MessageTables tables, String datasetId, int messages) {
    MessageTables.Batch batch = tables.batch(datasetId, AT);
    for (int i = 0; i < messages; i++) {
      TextFeatures.Analysis analysis =
          TextFeatures.analyse("free entry " + i + " to win, text WIN to 80086 " + datasetId);
      batch.add(
          datasetId + "-" + i,
          "train",
          i,
          analysis.cleaned(),
          i % 2 == 0 ? "spam" : "ham",
          analysis.tokens().size(),
          analysis.features());
    }
    return batch;
  }
}
