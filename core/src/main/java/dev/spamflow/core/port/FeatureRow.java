package dev.spamflow.core.port;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One entity's feature values at one moment, as an {@link OnlineFeatureStore} holds them.
 *
 * @param entityId the entity's id (for spamflow's feature view, a {@code message_id})
 * @param eventTime when the values were observed; a store keeps the latest per entity
 * @param values feature name → value, each an {@code Integer}, {@code Long}, {@code Double}, {@code
 *     Boolean} or {@code String}; insertion order is kept
 */
public record FeatureRow(String entityId, Instant eventTime, Map<String, Object> values) {

  /**
   * Checks the row.
   *
   * @throws IllegalArgumentException naming the feature whose value is null or of another type
   */
  public FeatureRow {
    Objects.requireNonNull(entityId, "entityId");
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(values, "values");
    for (Map.Entry<String, Object> value : values.entrySet()) {
      Object v = value.getValue();
      if (!(v instanceof Integer
          || v instanceof Long
          || v instanceof Double
          || v instanceof Boolean
          || v instanceof String)) {
        throw new IllegalArgumentException(
            "feature '"
                + value.getKey()
                + "' of entity "
                + entityId
                + " must be an Integer, Long, Double, Boolean or String, was "
                + (v == null ? "null" : v.getClass().getSimpleName()));
      }
    }
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }
}
