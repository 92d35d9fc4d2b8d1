package dev.spamflow.adapters.redis;

import dev.spamflow.core.port.FeatureRow;
import dev.spamflow.core.port.OnlineFeatureStore;
import dev.spamflow.core.port.OnlineFeatureStoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The online feature store in Redis, in Feast's own layout ({@link FeastRedisLayout}), so Feast's
 * {@code get_online_features} reads what spamflow writes and spamflow reads what Feast
 * materialises.
 *
 * <p>A write is Feast's {@code online_write_batch}: one pipeline reads the stored event times, a
 * second writes the rows that are newer. Like Feast's, the check and the write are not one atomic
 * step, so of two writers racing on one entity the later write wins even if its event time is
 * older; spamflow's writers (curate, once per dataset) do not race on a message. Thread-safe (a
 * pooled client).
 */
public final class RedisOnlineFeatureStore implements OnlineFeatureStore, AutoCloseable {

  private final RedisConfig config;
  private final RedisClient client;

  /**
   * Connects (lazily: the first command opens the connection).
   *
   * @param config where Redis is and the Feast names
   */
  public RedisOnlineFeatureStore(RedisConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.client = RedisClient.create(config.url());
  }

  @Override
  @SuppressWarnings(
      "ArrayAsKeyOfSetOrMap") // Jedis takes the hash as Map<byte[], byte[]>; no lookups
  public int write(String featureView, List<FeatureRow> rows) {
    Set<String> seen = new HashSet<>();
    for (FeatureRow row : rows) {
      if (!seen.add(row.entityId())) {
        throw new IllegalArgumentException(
            "two rows for entity " + row.entityId() + " in one write to view " + featureView);
      }
    }
    byte[] timestampField = FeastRedisLayout.timestampField(featureView);
    try {
      List<byte[]> keys = new ArrayList<>(rows.size());
      List<Response<List<byte[]>>> stored = new ArrayList<>(rows.size());
      try (AbstractPipeline pipeline = client.pipelined()) {
        for (FeatureRow row : rows) {
          byte[] key = FeastRedisLayout.key(config.project(), config.joinKey(), row.entityId());
          keys.add(key);
          stored.add(pipeline.hmget(key, timestampField));
        }
        pipeline.sync();
      }
      int written = 0;
      try (AbstractPipeline pipeline = client.pipelined()) {
        for (int i = 0; i < rows.size(); i++) {
          FeatureRow row = rows.get(i);
          byte[] previous = stored.get(i).get().getFirst();
          // Feast's rule: skip a row whose event time is not later than the stored one's.
          if (previous != null
              && !row.eventTime().isAfter(FeastRedisLayout.parseTimestamp(previous))) {
            continue;
          }
          Map<byte[], byte[]> hash = new LinkedHashMap<>();
          hash.put(timestampField, FeastRedisLayout.timestamp(row.eventTime()));
          for (Map.Entry<String, Object> value : row.values().entrySet()) {
            hash.put(
                FeastRedisLayout.field(featureView, value.getKey()),
                FeastRedisLayout.value(value.getValue()));
          }
          pipeline.hset(keys.get(i), hash);
          written++;
        }
        pipeline.sync();
      }
      return written;
    } catch (JedisException e) {
      throw new OnlineFeatureStoreException(
          "writing "
              + rows.size()
              + " rows of view "
              + featureView
              + " to "
              + config
              + " failed: "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public Optional<FeatureRow> read(String featureView, String entityId, List<String> features) {
    byte[][] fields = new byte[features.size() + 1][];
    fields[0] = FeastRedisLayout.timestampField(featureView);
    for (int f = 0; f < features.size(); f++) {
      fields[f + 1] = FeastRedisLayout.field(featureView, features.get(f));
    }
    List<byte[]> values;
    try {
      values =
          client.hmget(FeastRedisLayout.key(config.project(), config.joinKey(), entityId), fields);
    } catch (JedisException e) {
      throw new OnlineFeatureStoreException(
          "reading entity "
              + entityId
              + " of view "
              + featureView
              + " from "
              + config
              + " failed: "
              + e.getMessage(),
          e);
    }
    if (values.getFirst() == null) {
      return Optional.empty();
    }
    Instant eventTime = FeastRedisLayout.parseTimestamp(values.getFirst());
    Map<String, Object> row = new LinkedHashMap<>();
    for (int f = 0; f < features.size(); f++) {
      byte[] value = values.get(f + 1);
      if (value != null) {
        try {
          row.put(features.get(f), FeastRedisLayout.parseValue(value));
        } catch (IllegalArgumentException e) {
          throw new OnlineFeatureStoreException(
              "entity "
                  + entityId
                  + ", feature "
                  + featureView
                  + ":"
                  + features.get(f)
                  + " in "
                  + config
                  + ": "
                  + e.getMessage(),
              e);
        }
      }
    }
    return Optional.of(new FeatureRow(entityId, eventTime, row));
  }

  @Override
  public void close() {
    client.close();
  }
}
