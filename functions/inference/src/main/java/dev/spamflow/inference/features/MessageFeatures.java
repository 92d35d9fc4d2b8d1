package dev.spamflow.inference.features;

import dev.spamflow.core.port.FeatureRow;
import dev.spamflow.core.port.OnlineFeatureStore;
import dev.spamflow.core.text.Features;
import dev.spamflow.core.text.TextFeatures;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A message's features, as the feature store serves them: read by id from the online store for a
 * message curate has seen, computed by {@link TextFeatures} — the code curate stores them with —
 * for a new one, so what serving returns and what training stored never disagree.
 */
public final class MessageFeatures {

  /** The feature view curate materialises ({@code MessageTables.FEATURE_VIEW}, feature_repo/). */
  public static final String VIEW = "message_features";

  /**
   * Where an answer came from.
   *
   * @param messageId the message's id ({@link TextFeatures#messageId})
   * @param source {@code online-store} (written by curate) or {@code computed} (a new message)
   * @param eventTime when curate measured them, for a stored row
   * @param features name → value ({@link Features#values()})
   */
  public record Answer(
      String messageId, String source, Optional<Instant> eventTime, Map<String, Object> features) {}

  /** No online store is configured: a lookup by id cannot be answered. */
  public static final class UnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnavailableException() {
      super("this service has no online feature store (set SPAMFLOW_REDIS_URL)");
    }
  }

  private final Optional<OnlineFeatureStore> store;

  /**
   * Creates the service.
   *
   * @param store the online feature store, or empty
   */
  public MessageFeatures(Optional<OnlineFeatureStore> store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * Reads a message's stored features.
   *
   * @param messageId the message's id
   * @return them, or empty when the store has no row for the message
   * @throws UnavailableException when no online store is configured
   * @throws dev.spamflow.core.port.OnlineFeatureStoreException when the store fails
   */
  public Optional<Answer> byId(String messageId) {
    OnlineFeatureStore online = store.orElseThrow(UnavailableException::new);
    return online.read(VIEW, messageId, Features.NAMES).map(MessageFeatures::stored);
  }

  /**
   * Returns a text's features: the stored ones when curate has seen the message, else computed.
   *
   * @param text the message
   * @return the features and where they came from
   * @throws dev.spamflow.core.port.OnlineFeatureStoreException when the store fails
   */
  public Answer forText(String text) {
    String id = TextFeatures.messageId(text);
    Optional<Answer> known =
        store.flatMap(online -> online.read(VIEW, id, Features.NAMES)).map(MessageFeatures::stored);
    return known.orElseGet(
        () -> new Answer(id, "computed", Optional.empty(), TextFeatures.features(text).values()));
  }

  private static Answer stored(FeatureRow row) {
    return new Answer(row.entityId(), "online-store", Optional.of(row.eventTime()), row.values());
  }
}
