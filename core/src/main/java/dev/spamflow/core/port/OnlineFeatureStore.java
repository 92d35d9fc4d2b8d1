package dev.spamflow.core.port;

import java.util.List;
import java.util.Optional;

/**
 * The online half of the feature store: each entity's latest feature values, by id, for serving.
 * Curate writes the features of every message it curates; the inference service reads a known
 * message's features back. The offline half is the lakehouse's features table.
 *
 * <p>Values are grouped in feature views (a name and a set of features, as in Feast). An entity
 * holds one row per view: a write whose event time is not later than the stored row's is skipped
 * (Feast's rule), so a replay changes nothing and an out-of-order write never goes back in time.
 * Implementations are thread-safe.
 */
public interface OnlineFeatureStore {

  /**
   * Writes rows of one feature view.
   *
   * @param featureView the view's name
   * @param rows rows, at most one per entity
   * @return how many were written (the others were not newer than what the store holds)
   * @throws IllegalArgumentException when two rows name the same entity
   * @throws OnlineFeatureStoreException when the store fails (worth a retry)
   */
  int write(String featureView, List<FeatureRow> rows);

  /**
   * Reads an entity's row of one view.
   *
   * @param featureView the view's name
   * @param entityId the entity
   * @param features the features wanted, in the order the row's values should have
   * @return the row with those features (a feature the row lacks is left out), or empty when the
   *     store has no row of this view for the entity
   * @throws OnlineFeatureStoreException when the store fails (worth a retry)
   */
  Optional<FeatureRow> read(String featureView, String entityId, List<String> features);
}
