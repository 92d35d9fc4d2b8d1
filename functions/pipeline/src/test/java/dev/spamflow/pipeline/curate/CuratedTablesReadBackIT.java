package dev.spamflow.pipeline.curate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.adapters.minio.MinioConfig;
import dev.spamflow.adapters.minio.MinioObjectStore;
import dev.spamflow.core.data.TestData;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.lakehouse.DeltaTable;
import dev.spamflow.lakehouse.MessageTables;
import dev.spamflow.pipeline.CuratedManifest;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.Manifests;
import dev.spamflow.pipeline.TestStores;
import dev.spamflow.pipeline.ingest.IngestFunction;
import dev.spamflow.pipeline.ingest.IngestSettings;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Curate's Delta tables read back by an independent reader, delta-rs (the {@code deltalake} package
 * that {@code scripts/servers.sh} installs): the SMS collection and the e-mail file curated one
 * after the other, on the local store and on MinIO, then every version read by both readers — the
 * same schema, the same rows, the same values, and each commit naming its dataset.
 */
class CuratedTablesReadBackIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;

  @Test
  void deltaRsReadsTheLocalTablesAsSpamflowWroteThem() throws Exception {
    FileSystemObjectStore store = TestStores.open(temp.resolve("store"));
    List<CuratedManifest> curated = curateBoth(store);

    for (DeltaTable table : tables(store)) {
      String uri = store.file(table.key()).toString();
      compare(table, uri, curated, Map.of());
    }
  }

  @Test
  void deltaRsReadsTheTablesOnMinioAsSpamflowWroteThem() throws Exception {
    assertThat(System.getenv(MinioConfig.ENDPOINT_ENV))
        .as(MinioConfig.ENDPOINT_ENV + " is not set; run: source scripts/servers.sh && servers_up")
        .isNotBlank();
    MinioConfig config =
        MinioConfig.fromEnv(System.getenv())
            .withBucket("it-tables-" + UUID.randomUUID().toString().substring(0, 8));
    MinioObjectStore store = MinioObjectStore.open(config);
    List<CuratedManifest> curated = curateBoth(store);

    Map<String, String> s3 =
        Map.of(
            "SPAMFLOW_S3_ENDPOINT", config.endpoint().toString(),
            "SPAMFLOW_S3_ACCESS_KEY", config.accessKey(),
            "SPAMFLOW_S3_SECRET_KEY", config.secretKey());
    for (DeltaTable table : tables(store)) {
      compare(table, "s3://" + config.bucket() + "/" + table.key(), curated, s3);
    }
  }

  private List<CuratedManifest> curateBoth(ObjectStore store) {
    IngestFunction ingest =
        new IngestFunction(store, new IngestSettings(IngestSettings.DEFAULT.readerLimits(), temp));
    CurateFunction curate =
        new CurateFunction(store, CurateSettings.DEFAULT.withTempDirectory(temp));
    List<CuratedManifest> manifests = new ArrayList<>();
    for (Path file : List.of(TestData.sms(), TestData.email())) {
      DatasetRef dataset =
          ingest
              .apply(TestStores.upload(store, "inbox/" + file.getFileName(), file))
              .dataset()
              .orElseThrow();
      assertThat(curate.apply(dataset).status()).isEqualTo(CurateResult.Status.CURATED);
      manifests.add(
          Manifests.read(store, dataset.curated(DatasetRef.MANIFEST), CuratedManifest.class));
    }
    return manifests;
  }

  private static List<DeltaTable> tables(ObjectStore store) {
    MessageTables tables = new MessageTables(store);
    return List.of(tables.curated(), tables.features());
  }

  private void compare(
      DeltaTable table, String uri, List<CuratedManifest> curated, Map<String, String> env)
      throws Exception {
    List<Long> versions = new ArrayList<>();
    for (CuratedManifest manifest : curated) {
      CuratedManifest.TableVersion version =
          table.key().equals(MessageTables.CURATED)
              ? manifest.tables().curated()
              : manifest.tables().features();
      assertThat(version.key()).isEqualTo(table.key());
      versions.add(version.version());
    }
    assertThat(versions).containsExactly(0L, 1L);
    JsonNode read = deltaRs(uri, versions, env);

    StructType schema =
        table.key().equals(MessageTables.CURATED)
            ? MessageTables.CURATED_SCHEMA
            : MessageTables.FEATURES_SCHEMA;
    long messagesSoFar = 0;
    for (int i = 0; i < versions.size(); i++) {
      long version = versions.get(i);
      JsonNode atVersion = read.get("versions").get(Long.toString(version));
      assertThat(atVersion.get("version").asLong()).isEqualTo(version);
      List<String> columns = new ArrayList<>();
      atVersion
          .get("schema")
          .forEach(
              f ->
                  columns.add(
                      f.get("name").asText()
                          + ":"
                          + f.get("type").asText()
                          + (f.get("nullable").asBoolean() ? "?" : "")));
      List<String> expectedColumns = new ArrayList<>();
      for (StructField field : schema.fields()) {
        expectedColumns.add(
            field.getName() + ":" + field.getDataType() + (field.isNullable() ? "?" : ""));
      }
      assertThat(columns).as(uri).containsExactlyElementsOf(expectedColumns);

      List<Map<String, Object>> java = sorted(table.read(version));
      List<Map<String, Object>> python = new ArrayList<>();
      for (JsonNode row : atVersion.get("rows")) {
        python.add(fromJson(row, schema));
      }
      python = sorted(python);
      messagesSoFar += curated.get(i).parts().stream().mapToLong(p -> p.labels().total()).sum();
      assertThat(python).as(uri + " version " + version).hasSize((int) messagesSoFar);
      assertThat(python).as(uri + " version " + version).isEqualTo(java);
    }
    List<String> infos = new ArrayList<>();
    read.get("history").forEach(h -> infos.add(h.get("engineInfo").asText()));
    for (CuratedManifest manifest : curated) {
      assertThat(infos).anyMatch(info -> info.contains("dataset=" + manifest.datasetId()));
    }
  }

  private JsonNode deltaRs(String uri, List<Long> versions, Map<String, String> env)
      throws Exception {
    String python = System.getenv("SPAMFLOW_DELTALAKE_PYTHON");
    assertThat(python)
        .as(
            "SPAMFLOW_DELTALAKE_PYTHON names a python with deltalake; run the tests through"
                + " scripts/test, or: source scripts/servers.sh && servers_install && servers_up")
        .isNotBlank();
    Path out = Files.createTempFile(temp, "deltalake", ".json");
    ProcessBuilder builder =
        new ProcessBuilder(
                python,
                Path.of("src/test/resources/deltalake/read_table.py").toString(),
                uri,
                String.join(",", versions.stream().map(String::valueOf).toList()))
            .redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().putAll(env);
    Process process = builder.start();
    assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as("read_table.py " + uri).isZero();
    return JSON.readTree(out.toFile());
  }

  /** A delta-rs row in the Java types {@link DeltaTable#read} gives. */
  private static Map<String, Object> fromJson(JsonNode row, StructType schema) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (StructField field : schema.fields()) {
      JsonNode value = row.get(field.getName());
      Object converted =
          switch (field.getDataType().toString()) {
            case "string" -> value.asText();
            case "integer" -> value.asInt();
            case "double" -> value.asDouble();
            case "boolean" -> value.asBoolean();
            case "timestamp" -> {
              long micros = value.asLong();
              yield Instant.ofEpochSecond(
                  Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
            }
            default -> throw new IllegalStateException("column type " + field.getDataType());
          };
      values.put(field.getName(), converted);
    }
    return values;
  }

  private static List<Map<String, Object>> sorted(List<Map<String, Object>> rows) {
    List<Map<String, Object>> copy = new ArrayList<>(rows.size());
    for (Map<String, Object> row : rows) {
      copy.add(new HashMap<>(row));
    }
    copy.sort(
        Comparator.comparing((Map<String, Object> r) -> (String) r.get("dataset_id"))
            .thenComparing(r -> (String) r.get("message_id")));
    return copy;
  }
}
