package dev.spamflow.pipeline;

/**
 * One column of a Parquet file, as a manifest records the schema.
 *
 * @param name the column name
 * @param type {@code string}, {@code int32}, {@code int64}, {@code double} or {@code boolean}
 */
public record ColumnSpec(String name, String type) {}
