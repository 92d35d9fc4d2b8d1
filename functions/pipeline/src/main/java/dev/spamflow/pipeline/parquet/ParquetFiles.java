package dev.spamflow.pipeline.parquet;

import dev.spamflow.pipeline.ColumnSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Writes and reads local Parquet files row by row. Only the current row group is held in memory, so
 * a file of any size needs a bounded heap; compression is GZIP.
 */
public final class ParquetFiles {

  /** The media type stored with Parquet objects. */
  public static final String CONTENT_TYPE = "application/vnd.apache.parquet";

  // A row group is buffered whole before it is flushed: 32 MiB bounds the writer's memory while
  // keeping groups large enough for efficient scans.
  private static final long ROW_GROUP_BYTES = 32L << 20;

  private ParquetFiles() {}

  /**
   * Opens a writer that creates (or replaces) a local file.
   *
   * @param file the file
   * @param schema the columns
   * @return a writer of {@link Group}s; close it to finish the file
   * @throws UncheckedIOException if the file cannot be created
   */
  public static ParquetWriter<Group> writer(Path file, MessageType schema) {
    return writer(file, schema, Set.of());
  }

  /**
   * Opens a writer that creates (or replaces) a local file, with plain encoding for columns whose
   * values are (nearly) all distinct: ids and hashes, where a dictionary only costs time (it is
   * built, found useless and dropped per page).
   *
   * @param file the file
   * @param schema the columns
   * @param distinctColumns columns written without a dictionary
   * @return a writer of {@link Group}s; close it to finish the file
   * @throws UncheckedIOException if the file cannot be created
   */
  public static ParquetWriter<Group> writer(
      Path file, MessageType schema, Set<String> distinctColumns) {
    try {
      ExampleParquetWriter.Builder builder =
          ExampleParquetWriter.builder(new LocalOutputFile(file))
              .withConf(new PlainParquetConfiguration())
              .withType(schema)
              .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
              .withCodecFactory(GzipCodecFactory.INSTANCE)
              .withCompressionCodec(CompressionCodecName.GZIP)
              .withRowGroupSize(ROW_GROUP_BYTES);
      for (String column : distinctColumns) {
        builder = builder.withDictionaryEncoding(column, false);
      }
      return builder.build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create Parquet file " + file, e);
    }
  }

  /**
   * Reads every row of a local file, in order.
   *
   * @param file the file
   * @param name the object key it came from, for error messages
   * @param row called with each row; what it throws passes through unchanged
   * @return the number of rows
   * @throws UncheckedIOException naming the key if the file cannot be read
   * @throws IllegalStateException naming the key (and row) if the file is not valid Parquet
   */
  public static long forEach(Path file, String name, Consumer<Group> row) {
    ParquetReadOptions options =
        ParquetReadOptions.builder(new PlainParquetConfiguration())
            .withCodecFactory(GzipCodecFactory.INSTANCE)
            .build();
    long rows = 0;
    try (ParquetFileReader reader = open(file, name, options)) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      PageReadStore pages;
      while ((pages = nextRowGroup(reader, name)) != null) {
        RecordReader<Group> records =
            new ColumnIOFactory()
                .getColumnIO(schema)
                .getRecordReader(pages, new GroupRecordConverter(schema));
        for (long i = 0; i < pages.getRowCount(); i++) {
          Group group;
          try {
            group = records.read();
          } catch (RuntimeException e) {
            throw malformed(name + "' row " + (rows + 1), e);
          }
          row.accept(group);
          rows++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Parquet object '" + name + "'", e);
    }
    return rows;
  }

  private static ParquetFileReader open(Path file, String name, ParquetReadOptions options)
      throws IOException {
    try {
      return ParquetFileReader.open(new LocalInputFile(file), options);
    } catch (RuntimeException e) {
      // parquet-mr reports a bad footer or magic number as a bare RuntimeException.
      throw malformed(name + "'", e);
    }
  }

  private static PageReadStore nextRowGroup(ParquetFileReader reader, String name)
      throws IOException {
    try {
      return reader.readNextRowGroup();
    } catch (RuntimeException e) {
      throw malformed(name + "'", e);
    }
  }

  private static IllegalStateException malformed(String where, RuntimeException e) {
    return new IllegalStateException(
        "object '" + where + " is not valid Parquet: " + e.getMessage(), e);
  }

  /**
   * Describes a schema the way manifests record it.
   *
   * @param schema a flat schema
   * @return one entry per column, in order
   */
  public static List<ColumnSpec> describe(MessageType schema) {
    List<ColumnSpec> columns = new ArrayList<>();
    for (Type field : schema.getFields()) {
      String type =
          field.getLogicalTypeAnnotation() != null
              ? "string"
              : field.asPrimitiveType().getPrimitiveTypeName().name().toLowerCase(Locale.ROOT);
      columns.add(new ColumnSpec(field.getName(), type));
    }
    return List.copyOf(columns);
  }
}
