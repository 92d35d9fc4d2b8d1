package dev.spamflow.lakehouse;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Rows to append, gathered column by column, and handed to Delta Kernel as one {@link
 * ColumnarBatch}. Values are boxed Java objects of the column's type: {@code String}, {@code
 * Integer}, {@code Long}, {@code Double}, {@code Boolean}, and {@link Instant} for timestamps
 * (stored as microseconds since the epoch, UTC, as Delta does). Our own few lines rather than
 * Kernel's {@code DefaultColumnarBatch}, which lives in an internal package.
 */
public final class Columns {

  private static final Set<DataType> SUPPORTED =
      Set.of(
          StringType.STRING,
          IntegerType.INTEGER,
          LongType.LONG,
          DoubleType.DOUBLE,
          BooleanType.BOOLEAN,
          TimestampType.TIMESTAMP);

  private final StructType schema;
  private final List<List<Object>> columns = new ArrayList<>();

  /**
   * Starts an empty batch.
   *
   * @param schema the table's columns, each of a supported type
   * @throws IllegalArgumentException naming a column of an unsupported type
   */
  public Columns(StructType schema) {
    this.schema = Objects.requireNonNull(schema, "schema");
    for (StructField field : schema.fields()) {
      if (!SUPPORTED.contains(field.getDataType())) {
        throw new IllegalArgumentException(
            "column '" + field.getName() + "' has unsupported type " + field.getDataType());
      }
      columns.add(new ArrayList<>());
    }
  }

  /**
   * Adds one row.
   *
   * @param row a value per column, by name; every column must be present
   * @throws IllegalArgumentException naming the column that is missing, unknown, null where not
   *     nullable, or of the wrong Java type
   */
  public void add(Map<String, ?> row) {
    if (row.size() != schema.length()) {
      List<String> unknown =
          row.keySet().stream().filter(name -> schema.indexOf(name) < 0).toList();
      if (!unknown.isEmpty()) {
        throw new IllegalArgumentException("unknown columns " + unknown + " for " + schema);
      }
    }
    List<Object> values = new ArrayList<>(schema.length());
    for (StructField field : schema.fields()) {
      if (!row.containsKey(field.getName())) {
        throw new IllegalArgumentException("row has no value for column '" + field.getName() + "'");
      }
      Object value = row.get(field.getName());
      if (value == null && !field.isNullable()) {
        throw new IllegalArgumentException("column '" + field.getName() + "' is not nullable");
      }
      if (value != null && !javaType(field.getDataType()).isInstance(value)) {
        throw new IllegalArgumentException(
            "column '"
                + field.getName()
                + "' takes "
                + javaType(field.getDataType()).getSimpleName()
                + ", was "
                + value.getClass().getSimpleName());
      }
      values.add(value);
    }
    for (int c = 0; c < values.size(); c++) {
      columns.get(c).add(values.get(c));
    }
  }

  /** Returns the rows added so far. */
  public int size() {
    return columns.isEmpty() ? 0 : columns.getFirst().size();
  }

  /** Returns the table's columns. */
  public StructType schema() {
    return schema;
  }

  /** Returns the rows as a Kernel batch (a view: add no rows while Kernel reads it). */
  ColumnarBatch batch() {
    ColumnVector[] vectors = new ColumnVector[schema.length()];
    for (int c = 0; c < vectors.length; c++) {
      vectors[c] = new Vector(schema.at(c).getDataType(), columns.get(c));
    }
    int size = size();
    return new ColumnarBatch() {
      @Override
      public StructType getSchema() {
        return schema;
      }

      @Override
      public ColumnVector getColumnVector(int ordinal) {
        return vectors[ordinal];
      }

      @Override
      public int getSize() {
        return size;
      }
    };
  }

  /**
   * Returns a row's value in the Java type {@link #add} takes.
   *
   * @param vector a column read back from a table
   * @param row the row
   * @return the value, or null
   */
  static Object value(ColumnVector vector, int row) {
    if (vector.isNullAt(row)) {
      return null;
    }
    DataType type = vector.getDataType();
    if (type.equals(StringType.STRING)) {
      return vector.getString(row);
    } else if (type.equals(IntegerType.INTEGER)) {
      return vector.getInt(row);
    } else if (type.equals(LongType.LONG)) {
      return vector.getLong(row);
    } else if (type.equals(DoubleType.DOUBLE)) {
      return vector.getDouble(row);
    } else if (type.equals(BooleanType.BOOLEAN)) {
      return vector.getBoolean(row);
    } else if (type.equals(TimestampType.TIMESTAMP)) {
      long micros = vector.getLong(row);
      return Instant.ofEpochSecond(
          Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }
    throw new IllegalStateException("unsupported column type " + type);
  }

  /**
   * Returns every row of a batch as name → value.
   *
   * @param batch rows read back from a table
   * @param selected which rows count (null: all)
   * @return the rows in order
   */
  static List<Map<String, Object>> rows(ColumnarBatch batch, ColumnVector selected) {
    List<Map<String, Object>> rows = new ArrayList<>(batch.getSize());
    StructType schema = batch.getSchema();
    for (int r = 0; r < batch.getSize(); r++) {
      if (selected != null && (selected.isNullAt(r) || !selected.getBoolean(r))) {
        continue;
      }
      Map<String, Object> row = new LinkedHashMap<>();
      for (int c = 0; c < schema.length(); c++) {
        row.put(schema.at(c).getName(), value(batch.getColumnVector(c), r));
      }
      rows.add(row);
    }
    return rows;
  }

  private static Class<?> javaType(DataType type) {
    if (type.equals(StringType.STRING)) {
      return String.class;
    } else if (type.equals(IntegerType.INTEGER)) {
      return Integer.class;
    } else if (type.equals(LongType.LONG)) {
      return Long.class;
    } else if (type.equals(DoubleType.DOUBLE)) {
      return Double.class;
    } else if (type.equals(BooleanType.BOOLEAN)) {
      return Boolean.class;
    }
    return Instant.class;
  }

  /** One column of boxed values. */
  private record Vector(DataType type, List<Object> values) implements ColumnVector {
    @Override
    public DataType getDataType() {
      return type;
    }

    @Override
    public int getSize() {
      return values.size();
    }

    @Override
    public void close() {}

    @Override
    public boolean isNullAt(int rowId) {
      return values.get(rowId) == null;
    }

    @Override
    public boolean getBoolean(int rowId) {
      return (Boolean) values.get(rowId);
    }

    @Override
    public int getInt(int rowId) {
      return (Integer) values.get(rowId);
    }

    @Override
    public long getLong(int rowId) {
      Object value = values.get(rowId);
      if (value instanceof Instant instant) {
        return Math.addExact(
            Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000L);
      }
      return (Long) value;
    }

    @Override
    public double getDouble(int rowId) {
      return (Double) values.get(rowId);
    }

    @Override
    public String getString(int rowId) {
      return (String) values.get(rowId);
    }
  }
}
