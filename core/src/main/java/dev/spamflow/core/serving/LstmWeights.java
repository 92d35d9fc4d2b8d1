package dev.spamflow.core.serving;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * The parameters of the spam classifier (embedding → LSTM → softmax over {ham, spam}) as plain
 * float arrays, and their binary file format.
 *
 * <p>Layouts, all row-major, with {@code G = 4 * units} gate columns in DL4J's order <em>[block
 * input | forget | output | input modulation]</em>, each block {@code units} wide:
 *
 * <ul>
 *   <li>{@code embedding}: {@code [vocabularySize][embeddingDim]}
 *   <li>{@code inputWeights}: {@code [embeddingDim][G]}
 *   <li>{@code recurrentWeights}: {@code [units][G]}
 *   <li>{@code bias}: {@code [G]} (the embedding's bias, if it had one, is folded in here)
 *   <li>{@code outputWeights}: {@code [units][2]}, column 0 ham, column 1 spam
 *   <li>{@code outputBias}: {@code [2]}
 * </ul>
 *
 * <p>File format ({@value #FILE_NAME}), little-endian: int magic {@code 0x57534653} (the bytes
 * "SFSW"), int format version, int vocabularySize, int embeddingDim, int units, then the six arrays
 * above as floats in that order, then an int CRC32 of every byte before it. Instances are immutable
 * in practice: the accessors hand out the arrays without copying, and callers must not modify them.
 */
public final class LstmWeights {

  /** File name of the weights inside a model bundle. */
  public static final String FILE_NAME = "weights.bin";

  /** The first four bytes of the file, "SFSW" read as a little-endian int. */
  static final int MAGIC = 0x57534653;

  /** The only format version this class reads and writes. */
  static final int FORMAT_VERSION = 1;

  /** magic, version and three dims. */
  private static final int HEADER_BYTES = 5 * Integer.BYTES;

  /** Largest array Java allocates reliably; guards against a corrupt header asking for more. */
  private static final long MAX_FLOATS = Integer.MAX_VALUE - 8;

  private final int vocabularySize;
  private final int embeddingDim;
  private final int units;
  private final float[] embedding;
  private final float[] inputWeights;
  private final float[] recurrentWeights;
  private final float[] bias;
  private final float[] outputWeights;
  private final float[] outputBias;

  /**
   * Wraps the arrays (not copied) after checking their lengths against the dims.
   *
   * @param vocabularySize number of token ids, padding and out-of-vocabulary ids included
   * @param embeddingDim size of one embedding row
   * @param units LSTM hidden units
   * @param embedding {@code [vocabularySize][embeddingDim]}
   * @param inputWeights {@code [embeddingDim][4 * units]}
   * @param recurrentWeights {@code [units][4 * units]}
   * @param bias {@code [4 * units]}
   * @param outputWeights {@code [units][2]}
   * @param outputBias {@code [2]}
   * @throws IllegalArgumentException when a dim is not positive or an array has the wrong length
   */
  public LstmWeights(
      int vocabularySize,
      int embeddingDim,
      int units,
      float[] embedding,
      float[] inputWeights,
      float[] recurrentWeights,
      float[] bias,
      float[] outputWeights,
      float[] outputBias) {
    if (vocabularySize <= 0 || embeddingDim <= 0 || units <= 0) {
      throw new IllegalArgumentException(
          "dims must be positive: vocabularySize=%d, embeddingDim=%d, units=%d"
              .formatted(vocabularySize, embeddingDim, units));
    }
    long[] expected = lengths(vocabularySize, embeddingDim, units);
    float[][] arrays = {embedding, inputWeights, recurrentWeights, bias, outputWeights, outputBias};
    String[] names = {
      "embedding", "inputWeights", "recurrentWeights", "bias", "outputWeights", "outputBias"
    };
    for (int i = 0; i < arrays.length; i++) {
      Objects.requireNonNull(arrays[i], names[i]);
      if (arrays[i].length != expected[i]) {
        throw new IllegalArgumentException(
            "%s: expected %d floats, got %d".formatted(names[i], expected[i], arrays[i].length));
      }
    }
    this.vocabularySize = vocabularySize;
    this.embeddingDim = embeddingDim;
    this.units = units;
    this.embedding = embedding;
    this.inputWeights = inputWeights;
    this.recurrentWeights = recurrentWeights;
    this.bias = bias;
    this.outputWeights = outputWeights;
    this.outputBias = outputBias;
  }

  /** Array lengths in file order; long so that a corrupt header cannot overflow them. */
  private static long[] lengths(long vocabularySize, long embeddingDim, long units) {
    long gates = 4 * units;
    return new long[] {
      vocabularySize * embeddingDim, embeddingDim * gates, units * gates, gates, units * 2, 2
    };
  }

  /** Returns the number of token ids, padding and out-of-vocabulary ids included. */
  public int vocabularySize() {
    return vocabularySize;
  }

  /** Returns the size of one embedding row. */
  public int embeddingDim() {
    return embeddingDim;
  }

  /** Returns the number of LSTM hidden units. */
  public int units() {
    return units;
  }

  /** Returns the embedding, {@code [vocabularySize][embeddingDim]} row-major (not a copy). */
  public float[] embedding() {
    return embedding;
  }

  /** Returns the LSTM input weights, {@code [embeddingDim][4 * units]} row-major (not a copy). */
  public float[] inputWeights() {
    return inputWeights;
  }

  /** Returns the LSTM recurrent weights, {@code [units][4 * units]} row-major (not a copy). */
  public float[] recurrentWeights() {
    return recurrentWeights;
  }

  /** Returns the LSTM bias, {@code [4 * units]} (not a copy). */
  public float[] bias() {
    return bias;
  }

  /** Returns the output weights, {@code [units][2]} row-major (not a copy). */
  public float[] outputWeights() {
    return outputWeights;
  }

  /** Returns the output bias, {@code [2]}: ham, spam (not a copy). */
  public float[] outputBias() {
    return outputBias;
  }

  /**
   * Writes the weights in the {@value #FILE_NAME} format. The stream is neither buffered further
   * nor closed.
   *
   * @param out where to write
   * @throws IOException when writing fails
   */
  public void write(OutputStream out) throws IOException {
    long floats = Arrays.stream(lengths(vocabularySize, embeddingDim, units)).sum();
    ByteBuffer buffer =
        ByteBuffer.allocate(Math.toIntExact(HEADER_BYTES + floats * Float.BYTES + Integer.BYTES))
            .order(ByteOrder.LITTLE_ENDIAN);
    buffer.putInt(MAGIC).putInt(FORMAT_VERSION);
    buffer.putInt(vocabularySize).putInt(embeddingDim).putInt(units);
    for (float[] array :
        new float[][] {
          embedding, inputWeights, recurrentWeights, bias, outputWeights, outputBias
        }) {
      buffer.asFloatBuffer().put(array);
      buffer.position(buffer.position() + array.length * Float.BYTES);
    }
    CRC32 crc = new CRC32();
    crc.update(buffer.array(), 0, buffer.position());
    buffer.putInt((int) crc.getValue());
    out.write(buffer.array());
  }

  /**
   * Reads weights written by {@link #write}, checking magic, version, dims, length and checksum.
   * Reads the stream to its end; does not close it.
   *
   * @param in the {@value #FILE_NAME} content
   * @return the weights
   * @throws IOException when reading fails, or with a message naming the problem when the content
   *     has another magic or version, implausible dims, is truncated, has trailing bytes, or fails
   *     its checksum
   */
  public static LstmWeights read(InputStream in) throws IOException {
    byte[] header = in.readNBytes(HEADER_BYTES);
    if (header.length < 2 * Integer.BYTES) {
      throw new IOException(
          "%s: truncated: expected a %d-byte header, found %d bytes"
              .formatted(FILE_NAME, HEADER_BYTES, header.length));
    }
    ByteBuffer head = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
    int magic = head.getInt();
    if (magic != MAGIC) {
      throw new IOException(
          "%s: expected magic 0x%08x, found 0x%08x: not a spamflow weights file"
              .formatted(FILE_NAME, MAGIC, magic));
    }
    int version = head.getInt();
    if (version != FORMAT_VERSION) {
      throw new IOException(
          "%s: format version %d is not supported (this build reads version %d)"
              .formatted(FILE_NAME, version, FORMAT_VERSION));
    }
    if (header.length < HEADER_BYTES) {
      throw new IOException(
          "%s: truncated: expected a %d-byte header, found %d bytes"
              .formatted(FILE_NAME, HEADER_BYTES, header.length));
    }
    int vocabularySize = head.getInt();
    int embeddingDim = head.getInt();
    int units = head.getInt();
    if (vocabularySize <= 0 || embeddingDim <= 0 || units <= 0) {
      throw new IOException(
          "%s: dims must be positive: vocabularySize=%d, embeddingDim=%d, units=%d"
              .formatted(FILE_NAME, vocabularySize, embeddingDim, units));
    }
    long[] lengths = lengths(vocabularySize, embeddingDim, units);
    long floats = Arrays.stream(lengths).sum();
    // Checked before allocating, so a corrupt header fails clearly instead of with an OOM.
    if (lengths[0] > MAX_FLOATS || floats > MAX_FLOATS / Float.BYTES) {
      throw new IOException(
          "%s: implausible dims vocabularySize=%d, embeddingDim=%d, units=%d"
              .formatted(FILE_NAME, vocabularySize, embeddingDim, units));
    }
    byte[] payload = in.readNBytes((int) floats * Float.BYTES + Integer.BYTES);
    long found = payload.length / Float.BYTES;
    if (payload.length < floats * Float.BYTES + Integer.BYTES) {
      throw new IOException(
          "%s: truncated: expected %d floats and a checksum, found %s"
              .formatted(FILE_NAME, floats, found >= floats ? "no checksum" : found + " floats"));
    }
    if (in.read() != -1) {
      throw new IOException(
          "%s: unexpected bytes after the checksum (expected exactly %d floats)"
              .formatted(FILE_NAME, floats));
    }
    CRC32 crc = new CRC32();
    crc.update(header);
    crc.update(payload, 0, (int) floats * Float.BYTES);
    ByteBuffer body = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
    int stored = body.getInt((int) floats * Float.BYTES);
    if (stored != (int) crc.getValue()) {
      throw new IOException(
          "%s: checksum mismatch: stored CRC32 0x%08x, computed 0x%08x: the file is corrupt"
              .formatted(FILE_NAME, stored, (int) crc.getValue()));
    }
    float[][] arrays = new float[lengths.length][];
    for (int i = 0; i < lengths.length; i++) {
      arrays[i] = new float[(int) lengths[i]];
      body.asFloatBuffer().get(arrays[i]);
      body.position(body.position() + arrays[i].length * Float.BYTES);
    }
    return new LstmWeights(
        vocabularySize,
        embeddingDim,
        units,
        arrays[0],
        arrays[1],
        arrays[2],
        arrays[3],
        arrays[4],
        arrays[5]);
  }
}
