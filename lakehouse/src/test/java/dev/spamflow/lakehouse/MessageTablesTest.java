package dev.spamflow.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.core.port.ObjectInfo;
import dev.spamflow.core.text.Features;
import dev.spamflow.core.text.TextFeatures;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageTablesTest {

  private static final Instant FIRST = Instant.parse("2026-12-04T10:15:30.123456Z");
  private static final Instant SECOND = Instant.parse("2026-12-04T11:00:00Z");

  @TempDir Path root;

  @Test
  void eachDatasetIsOneCommitAndEveryVersionReadsBack() {
    FileSystemObjectStore store = new FileSystemObjectStore(root);
    MessageTables tables = new MessageTables(store);

    MessageTables.Versions first = tables.append(batch(tables, "aaaaaaaa", FIRST, 3));
    MessageTables.Versions second = tables.append(batch(tables, "bbbbbbbb", SECOND, 2));

    assertThat(first)
        .isEqualTo(
            new MessageTables.Versions(
                new MessageTables.TableVersion(MessageTables.CURATED, 0),
                new MessageTables.TableVersion(MessageTables.FEATURES, 0),
                true));
    assertThat(second.curated().version()).isEqualTo(1);
    assertThat(second.features().version()).isEqualTo(1);
    List<Map<String, Object>> atZero = tables.curated().read(0);
    assertThat(atZero).hasSize(3).allMatch(row -> row.get("dataset_id").equals("aaaaaaaa"));
    assertThat(tables.curated().read(1)).hasSize(5);
    assertThat(tables.curated().read(1, "dataset_id", "bbbbbbbb"))
        .hasSize(2)
        .allMatch(r -> r.get("dataset_id").equals("bbbbbbbb"));
    assertThat(tables.curated().read(0, "dataset_id", "bbbbbbbb")).isEmpty();
    Map<String, Object> row = byId(atZero, "aaaaaaaa-0");
    assertThat(row)
        .containsEntry("part", "train")
        .containsEntry("label", "spam")
        .containsEntry("text", TextFeatures.analyse(text("aaaaaaaa", 0)).cleaned())
        .containsEntry("curated_at", FIRST);
    Features expected = TextFeatures.features(text("aaaaaaaa", 0));
    Map<String, Object> featureRow = byId(tables.features().read(0), "aaaaaaaa-0");
    assertThat(featureRow)
        .containsEntry("event_timestamp", FIRST)
        .containsEntry("text_length", expected.textLength())
        .containsEntry("digit_share", expected.digitShare())
        .containsEntry("has_currency", expected.hasCurrency());
  }

  @Test
  void aRedeliveredDatasetAppendsNothingAndGetsItsFirstVersionsBack() {
    FileSystemObjectStore store = new FileSystemObjectStore(root);
    MessageTables tables = new MessageTables(store);
    tables.append(batch(tables, "aaaaaaaa", FIRST, 3));
    tables.append(batch(tables, "bbbbbbbb", SECOND, 2));
    List<ObjectInfo> before = store.list("lakehouse/");

    MessageTables.Versions again = tables.append(batch(tables, "aaaaaaaa", SECOND, 3));

    assertThat(again.appended()).isFalse();
    assertThat(again.curated().version()).isZero();
    assertThat(again.features().version()).isZero();
    assertThat(store.list("lakehouse/")).isEqualTo(before);
    assertThat(tables.curated().latestVersion()).contains(1L);
    assertThat(tables.curated().read(1)).hasSize(5);
    // A fresh instance (another process) sees the same.
    assertThat(new MessageTables(store).curated().committedAt(MessageTables.appId("bbbbbbbb")))
        .contains(1L);
  }

  @Test
  void theTenthVersionIsCheckpointedAndEveryDatasetKeepsItsVersion() {
    FileSystemObjectStore store = new FileSystemObjectStore(root);
    MessageTables tables = new MessageTables(store);
    for (int d = 0; d < 12; d++) {
      tables.append(batch(tables, "%08x".formatted(d), FIRST.plusSeconds(d), 2));
    }

    assertThat(
            store.stat(
                MessageTables.CURATED + "/_delta_log/00000000000000000010.checkpoint.parquet"))
        .isPresent();
    assertThat(tables.curated().read(11)).hasSize(24);
    assertThat(tables.curated().read(4)).hasSize(10);
    for (int d = 0; d < 12; d++) {
      assertThat(tables.features().committedAt(MessageTables.appId("%08x".formatted(d))))
          .contains((long) d);
    }
  }

  @Test
  void aMissingVersionOrAForeignSchemaIsRefusedByName() {
    FileSystemObjectStore store = new FileSystemObjectStore(root);
    MessageTables tables = new MessageTables(store);
    assertThat(tables.curated().latestVersion()).isEmpty();
    assertThatThrownBy(() -> tables.curated().read(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(MessageTables.CURATED)
        .hasMessageContaining("does not exist");
    tables.append(batch(tables, "aaaaaaaa", FIRST, 1));
    assertThatThrownBy(() -> tables.curated().read(7))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no version 7");
    DeltaTable wrong = new DeltaTable(store, MessageTables.CURATED, MessageTables.FEATURES_SCHEMA);
    Columns rows = new Columns(MessageTables.FEATURES_SCHEMA);
    assertThatThrownBy(() -> wrong.append("x", "test", rows))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("table " + MessageTables.CURATED + " has schema");
  }

  @Test
  void aRowMissingAColumnOrOfTheWrongTypeIsRefusedByColumn() {
    Columns rows = new Columns(MessageTables.CURATED_SCHEMA);
    assertThatThrownBy(() -> rows.add(Map.of("message_id", "m")))
        .hasMessageContaining("no value for column 'dataset_id'");
    assertThatThrownBy(
            () ->
                rows.add(
                    Map.of(
                        "message_id", "m",
                        "dataset_id", "d",
                        "part", "train",
                        "position", 0,
                        "text", "t",
                        "label", "ham",
                        "token_count", 3L,
                        "curated_at", FIRST)))
        .hasMessage("column 'token_count' takes Integer, was Long");
  }

  private static String text(String datasetId, int i) {
    return "WIN £" + (100 * (i + 1)) + " now! Call 0800 123 45" + i + " " + datasetId;
  }

  private static Map<String, Object> byId(List<Map<String, Object>> rows, String id) {
    return rows.stream().filter(r -> r.get("message_id").equals(id)).findFirst().orElseThrow();
  }

  private static MessageTables.Batch batch(
      MessageTables tables, String datasetId, Instant at, int messages) {
    MessageTables.Batch batch = tables.batch(datasetId, at);
    for (int i = 0; i < messages; i++) {
      TextFeatures.Analysis analysis = TextFeatures.analyse(text(datasetId, i));
      batch.add(
          datasetId + "-" + i,
          i == 0 ? "train" : "test",
          i == 0 ? 0 : i - 1,
          analysis.cleaned(),
          "spam",
          analysis.tokens().size(),
          analysis.features());
    }
    return batch;
  }
}
