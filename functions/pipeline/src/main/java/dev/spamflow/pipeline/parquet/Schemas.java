package dev.spamflow.pipeline.parquet;

import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BOOLEAN;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.DOUBLE;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Types;

/** The column layouts of the raw and curated Parquet files; column names are snake_case. */
public final class Schemas {

  /** Column: SHA-256 (hex) of the message's dedup key, unique within a dataset. */
  public static final String ID = "id";

  /** Column: the message text (raw in {@link #RAW}, cleaned in {@link #CURATED}). */
  public static final String TEXT = "text";

  /** Column: {@code spam} or {@code ham}. */
  public static final String LABEL = "label";

  /** Column: the upload the row came from. */
  public static final String SOURCE_KEY = "source_key";

  /** Column: the 1-based line in the upload where the row starts. */
  public static final String SOURCE_ROW = "source_row";

  /** Column: how many tokens {@code TextFeatures.tokens} finds. */
  public static final String TOKEN_COUNT = "token_count";

  /** {@code raw/<id>/messages.parquet}: the accepted, distinct messages as uploaded. */
  public static final MessageType RAW =
      Types.buildMessage()
          .required(BINARY)
          .as(LogicalTypeAnnotation.stringType())
          .named(ID)
          .required(BINARY)
          .as(LogicalTypeAnnotation.stringType())
          .named(TEXT)
          .required(BINARY)
          .as(LogicalTypeAnnotation.stringType())
          .named(LABEL)
          .required(BINARY)
          .as(LogicalTypeAnnotation.stringType())
          .named(SOURCE_KEY)
          .required(INT64)
          .named(SOURCE_ROW)
          .named("raw_message");

  /**
   * {@code curated/<id>/<part>.parquet}: cleaned text, label, token count and every {@code
   * Features} value under its {@code Features.NAMES} name.
   */
  public static final MessageType CURATED =
      Types.buildMessage()
          .required(BINARY)
          .as(LogicalTypeAnnotation.stringType())
          .named(ID)
          .required(BINARY)
          .as(LogicalTypeAnnotation.stringType())
          .named(TEXT)
          .required(BINARY)
          .as(LogicalTypeAnnotation.stringType())
          .named(LABEL)
          .required(INT32)
          .named(TOKEN_COUNT)
          .required(INT32)
          .named("text_length")
          .required(INT32)
          .named("word_count")
          .required(BOOLEAN)
          .named("has_url")
          .required(BOOLEAN)
          .named("has_email")
          .required(DOUBLE)
          .named("digit_share")
          .required(DOUBLE)
          .named("upper_case_share")
          .required(BOOLEAN)
          .named("has_currency")
          .named("curated_message");

  /** Column of {@link #SCORES}: where the message came from, {@code <input>:<row>}. */
  public static final String MESSAGE_ID = "message_id";

  /** Column of {@link #SCORES}: SHA-256 (hex) of the message text's UTF-8 bytes, as read. */
  public static final String TEXT_SHA256 = "text_sha256";

  /** Column of {@link #SCORES}: {@code spam} or {@code ham} under the model's threshold. */
  public static final String PREDICTION = "prediction";

  /** Column of {@link #SCORES}: the model's spam probability. */
  public static final String SPAM_PROBABILITY = "spam_probability";

  /** Column of {@link #SCORES}: the registered model (or the bundle's) name. */
  public static final String MODEL_NAME = "model_name";

  /** Column of {@link #SCORES}: the registry version, or {@code bundle-<sha>} for a bundle. */
  public static final String MODEL_VERSION = "model_version";

  /** Column of {@link #SCORES}: when the run started, UTC milliseconds. */
  public static final String SCORED_AT = "scored_at";

  /**
   * {@code scores/date=<day>/part-<run>-<n>.parquet}: one row per scored message; {@code label} is
   * the input's label when it had one, else null.
   */
  public static final MessageType SCORES =
      Types.buildMessage()
          .required(BINARY)
          .as(LogicalTypeAnnotation.stringType())
          .named(MESSAGE_ID)
          .required(BINARY)
          .as(LogicalTypeAnnotation.stringType())
          .named(TEXT_SHA256)
          .required(BINARY)
          .as(LogicalTypeAnnotation.stringType())
          .named(PREDICTION)
          .required(DOUBLE)
          .named(SPAM_PROBABILITY)
          .required(BINARY)
          .as(LogicalTypeAnnotation.stringType())
          .named(MODEL_NAME)
          .required(BINARY)
          .as(LogicalTypeAnnotation.stringType())
          .named(MODEL_VERSION)
          .required(INT64)
          .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS))
          .named(SCORED_AT)
          .optional(BINARY)
          .as(LogicalTypeAnnotation.stringType())
          .named(LABEL)
          .named("scored_message");

  private Schemas() {}
}
