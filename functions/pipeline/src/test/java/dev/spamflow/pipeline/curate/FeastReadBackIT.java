package dev.spamflow.pipeline.curate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.adapters.redis.RedisConfig;
import dev.spamflow.adapters.redis.RedisOnlineFeatureStore;
import dev.spamflow.core.data.TestData;
import dev.spamflow.core.port.FeatureRow;
import dev.spamflow.core.text.Features;
import dev.spamflow.lakehouse.MessageTables;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.TestStores;
import dev.spamflow.pipeline.ingest.IngestFunction;
import dev.spamflow.pipeline.ingest.IngestSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof that spamflow's feature store is Feast's: curate writes the SMS collection's features
 * to the Delta table and to the Redis that {@code scripts/servers.sh} started; then Feast itself
 * (pinned, in its own virtualenv) applies {@code feature_repo/} and reads them back with {@code
 * get_online_features} (Redis) and {@code get_historical_features} (the Delta table, through
 * DuckDB), and both give the values the table holds, which are {@code TextFeatures}'.
 */
class FeastReadBackIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant CURATED_AT = Instant.parse("2026-12-04T09:30:00.250Z");
  private static final List<String> FEATURES = Features.NAMES;

  @TempDir Path temp;

  @Test
  void feastReadsOnlineAndHistoricalFeaturesAsCurateWroteThem() throws Exception {
    String python = System.getenv("SPAMFLOW_FEAST_PYTHON");
    assertThat(python)
        .as(
            "SPAMFLOW_FEAST_PYTHON names a python with Feast; run: source scripts/servers.sh &&"
                + " servers_install && servers_up")
        .isNotBlank();
    RedisConfig redisConfig =
        RedisConfig.fromEnv(System.getenv())
            .orElseThrow(
                () -> new AssertionError(RedisConfig.URL_ENV + " is not set; run servers_up"));
    FileSystemObjectStore store = TestStores.open(temp.resolve("store"));
    try (RedisOnlineFeatureStore redis = new RedisOnlineFeatureStore(redisConfig)) {
      DatasetRef dataset =
          new IngestFunction(store, new IngestSettings(IngestSettings.DEFAULT.readerLimits(), temp))
              .apply(TestStores.upload(store, "inbox/SMSSpamCollection", TestData.sms()))
              .dataset()
              .orElseThrow();
      CurateResult result =
          new CurateFunction(
                  store,
                  Optional.of(redis),
                  CurateSettings.DEFAULT.withTempDirectory(temp),
                  Clock.fixed(CURATED_AT, ZoneOffset.UTC))
              .apply(dataset);
      assertThat(result.status()).isEqualTo(CurateResult.Status.CURATED);

      // Every 100th message of the table, and one Feast must not find.
      List<Map<String, Object>> table = new MessageTables(store).features().read(0);
      List<Map<String, Object>> expected = new ArrayList<>();
      for (int i = 0; i < table.size(); i += 100) {
        expected.add(table.get(i));
      }
      List<String> ids =
          new ArrayList<>(expected.stream().map(r -> (String) r.get("message_id")).toList());
      ids.add("0000000000000000000000000000000000000000000000000000000000000000");
      Path idsFile = temp.resolve("ids.txt");
      Files.write(idsFile, ids, StandardCharsets.UTF_8);

      // spamflow's own reading of Redis gives the table's values.
      for (Map<String, Object> row : expected) {
        FeatureRow online =
            redis
                .read(MessageTables.FEATURE_VIEW, (String) row.get("message_id"), FEATURES)
                .orElseThrow();
        assertThat(online.eventTime()).isEqualTo(CURATED_AT);
        for (String feature : FEATURES) {
          assertThat(online.values().get(feature)).as(feature).isEqualTo(row.get(feature));
        }
      }

      JsonNode feast =
          feast(python, redisConfig.url(), store.file(MessageTables.FEATURES), idsFile);

      JsonNode online = feast.get("online");
      assertThat(online.get("message_id")).hasSize(ids.size());
      JsonNode historical = feast.get("historical");
      assertThat(historical).hasSize(ids.size());
      for (int i = 0; i < expected.size(); i++) {
        Map<String, Object> row = expected.get(i);
        assertThat(online.get("message_id").get(i).asText()).isEqualTo(row.get("message_id"));
        JsonNode past = find(historical, (String) row.get("message_id"));
        for (String feature : FEATURES) {
          assertThat(value(online.get(feature).get(i), row.get(feature)))
              .as("online " + feature + " of " + row.get("message_id"))
              .isEqualTo(row.get(feature));
          assertThat(value(past.get(feature), row.get(feature)))
              .as("historical " + feature + " of " + row.get("message_id"))
              .isEqualTo(row.get(feature));
        }
      }
      int unknown = ids.size() - 1;
      for (String feature : FEATURES) {
        assertThat(online.get(feature).get(unknown).isNull()).as("online " + feature).isTrue();
      }
      assertThat(find(historical, ids.get(unknown)).get("text_length").isNull()).isTrue();
    }
  }

  private JsonNode feast(String python, URI redis, Path featuresTable, Path idsFile)
      throws Exception {
    Path out = temp.resolve("feast.json");
    Path repo = Path.of("../../feature_repo").toAbsolutePath().normalize();
    ProcessBuilder builder =
        new ProcessBuilder(
                python,
                Path.of("src/test/resources/feast/read_features.py").toString(),
                repo.toString(),
                temp.resolve("feature_repo").toString(),
                idsFile.toString(),
                CURATED_AT.plusSeconds(60).toString())
            .redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().put("SPAMFLOW_FEAST_REDIS", redis.getHost() + ":" + redis.getPort());
    builder.environment().put("SPAMFLOW_FEATURES_TABLE", featuresTable.toString());
    Process process = builder.start();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as("read_features.py").isZero();
    return JSON.readTree(out.toFile());
  }

  private static JsonNode find(JsonNode rows, String id) {
    for (JsonNode row : rows) {
      if (row.get("message_id").asText().equals(id)) {
        return row;
      }
    }
    throw new AssertionError("Feast returned no row for " + id);
  }

  /** A JSON value in the Java type of {@code like}. */
  private static Object value(JsonNode node, Object like) {
    if (node == null || node.isNull()) {
      return null;
    }
    return switch (like) {
      case Integer i -> node.asInt();
      case Double d -> node.asDouble();
      case Boolean b -> node.asBoolean();
      default -> node.asText();
    };
  }
}
