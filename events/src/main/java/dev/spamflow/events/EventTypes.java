package dev.spamflow.events;

/**
 * The CloudEvent {@code type} of every event spamflow emits, as compile-time constants so Trigger
 * filters, switches and annotations can use them. Reverse-DNS, past tense; each has one JSON Schema
 * under {@code events/schemas/} and one data record (see {@link EventType}).
 */
public final class EventTypes {
  /** A file from {@code inbox/} was validated and stored under {@code raw/<dataset>/}. */
  public static final String DATASET_INGESTED = "dev.spamflow.dataset.ingested";

  /** A raw dataset was cleaned, featurised and split under {@code curated/<dataset>/}. */
  public static final String DATASET_CURATED = "dev.spamflow.dataset.curated";

  /** A training run finished and left a candidate model bundle. */
  public static final String MODEL_TRAINED = "dev.spamflow.model.trained";

  /** A candidate passed the quality gate and now holds the {@code champion} alias. */
  public static final String MODEL_PROMOTED = "dev.spamflow.model.promoted";

  /** A candidate failed the quality gate; the champion is unchanged. */
  public static final String MODEL_REJECTED = "dev.spamflow.model.rejected";

  /** Recent predictions drifted from the training reference; retraining is due. */
  public static final String DRIFT_DETECTED = "dev.spamflow.drift.detected";

  /** Prefix of the types the minio-bridge emits (CloudEvents S3 adapter spec). */
  public static final String S3_PREFIX = "com.amazonaws.s3.";

  /** The S3 adapter type of an uploaded (PUT) object, as the bridge emits it. */
  public static final String S3_OBJECT_CREATED_PUT = S3_PREFIX + "ObjectCreated:Put";

  private EventTypes() {}
}
