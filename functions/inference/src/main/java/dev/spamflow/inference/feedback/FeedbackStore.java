package dev.spamflow.inference.feedback;

import dev.spamflow.core.data.Label;
import dev.spamflow.core.feedback.FeedbackFormat;
import dev.spamflow.core.port.ObjectStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Stores user feedback through the object store, one small JSON object per report under {@code
 * feedback/date=YYYY-MM-DD/} in the layout of {@link FeedbackFormat}, which the train stage reads
 * when it retrains.
 */
public final class FeedbackStore {

  private final ObjectStore store;
  private final Clock clock;

  /**
   * Creates the store.
   *
   * @param store the object store
   * @param clock stamps each report and chooses its date folder
   */
  public FeedbackStore(ObjectStore store, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Stores one report.
   *
   * @param text the message
   * @param label the label the user says is right
   * @param modelName the model serving when the report came, or {@code null}
   * @param modelVersion its version, or {@code null}
   * @return the object key written
   * @throws dev.spamflow.core.port.ObjectStoreException if the store fails
   */
  public String store(String text, Label label, String modelName, String modelVersion) {
    Instant now = clock.instant();
    String key = FeedbackFormat.newKey(now);
    store.put(
        key,
        FeedbackFormat.encode(
            text, label, now, Optional.ofNullable(modelName), Optional.ofNullable(modelVersion)),
        FeedbackFormat.CONTENT_TYPE);
    return key;
  }
}
