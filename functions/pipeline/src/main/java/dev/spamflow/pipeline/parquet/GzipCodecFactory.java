package dev.spamflow.pipeline.parquet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Parquet's GZIP codec on {@code java.util.zip}. parquet-hadoop's own codec factory builds a Hadoop
 * {@code Configuration}, which needs a dozen more Hadoop dependencies; this one needs none, and
 * every Parquet reader (Spark, DuckDB, pyarrow) reads what it writes.
 */
final class GzipCodecFactory implements CompressionCodecFactory {

  static final GzipCodecFactory INSTANCE = new GzipCodecFactory();

  private GzipCodecFactory() {}

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codecName) {
    requireGzip(codecName);
    return new BytesInputCompressor() {
      @Override
      public BytesInput compress(BytesInput bytes) throws IOException {
        ByteArrayOutputStream out =
            new ByteArrayOutputStream((int) Math.min(bytes.size(), 1 << 20));
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
          bytes.writeAllTo(gzip);
        }
        return BytesInput.from(out.toByteArray());
      }

      @Override
      public CompressionCodecName getCodecName() {
        return CompressionCodecName.GZIP;
      }

      @Override
      public void release() {}
    };
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codecName) {
    if (codecName == CompressionCodecName.UNCOMPRESSED) {
      return new BytesInputDecompressor() {
        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) {
          return bytes;
        }

        @Override
        public void decompress(
            ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize) {
          ByteBuffer slice = input.slice(input.position(), compressedSize);
          output.put(slice);
        }

        @Override
        public void release() {}
      };
    }
    requireGzip(codecName);
    return new BytesInputDecompressor() {
      @Override
      public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
        try (InputStream in = new GZIPInputStream(bytes.toInputStream())) {
          return BytesInput.from(in.readNBytes(uncompressedSize));
        }
      }

      @Override
      public void decompress(
          ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
          throws IOException {
        byte[] compressed = new byte[compressedSize];
        input.get(compressed);
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
          output.put(in.readNBytes(uncompressedSize));
        }
      }

      @Override
      public void release() {}
    };
  }

  @Override
  public void release() {}

  private static void requireGzip(CompressionCodecName codecName) {
    if (codecName != CompressionCodecName.GZIP) {
      throw new IllegalArgumentException(
          "only GZIP and uncompressed Parquet are supported here, not " + codecName);
    }
  }
}
