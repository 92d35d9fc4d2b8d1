package dev.spamflow.core.serving;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * The linear half of the model: a linear classifier over TF-IDF-weighted hashed n-grams ({@link
 * NgramFeatures}), and its file format. Plain Java, immutable, thread-safe.
 *
 * <p>A message's vector: each bucket's count {@code tf} becomes {@code (1 + ln tf) * idf[bucket]}
 * (sub-linear term frequency, inverse document frequency learnt from the training messages), and
 * the word block and the character block are each scaled to unit length, as scikit-learn's union of
 * two TF-IDF vectorisers does. Buckets no training message reached have {@code idf = 0}: they carry
 * no weight and do not count towards the length, exactly as an unknown word is dropped by a
 * vocabulary. A third block, the message's {@link MessageShape} bins, each of value {@link
 * MessageShape#VALUE}, has weights of its own. The margin is {@code weights · vector + bias};
 * positive leans spam.
 *
 * <p>File format ({@value #FILE_NAME}), little-endian: int magic {@code 0x474E4653} ("SFNG"), int
 * format version, int bits, double bias, int entry count, then per bucket with a non-zero idf (in
 * ascending bucket order) int bucket, float idf, float weight; from version 2 on, then int {@link
 * MessageShape#WIDTH} and that many float shape weights; then an int CRC32 of every byte before it.
 * Only reached buckets are stored, so the file holds what training saw, not {@code 2^bits} zeros. A
 * version-1 file (written before the shape block, 2026-12-07) has no shape weights and reads as a
 * model whose shape weights are 0, so it scores exactly as it did.
 */
public final class NgramLinearModel {

  /** File name inside a model bundle. */
  public static final String FILE_NAME = "ngram-weights.bin";

  static final int MAGIC = 0x474E4653;
  static final int FORMAT_VERSION = 2;

  /** The version before the shape block, still read. */
  static final int FORMAT_VERSION_WITHOUT_SHAPE = 1;

  private static final int HEADER_BYTES = 3 * Integer.BYTES + Double.BYTES + Integer.BYTES;
  private static final int ENTRY_BYTES = Integer.BYTES + 2 * Float.BYTES;

  private final NgramFeatures features;

  /**
   * Per bucket its idf then its weight, side by side: the margin reads both for every n-gram of a
   * message at random buckets, one cache line instead of two. With the per-block sum below this
   * took batch scoring from 34 k to 48 k messages/s on one core (docs/benchmarks.md, batch scoring;
   * the two were not measured apart).
   */
  private final float[] idfAndWeight;

  /** Per {@link MessageShape} bin, its weight. */
  private final float[] shapeWeights;

  private final double bias;

  /**
   * Wraps trained parameters (the arrays are not copied; callers must not change them).
   *
   * @param bits log2 of the bucket count
   * @param idf per bucket, 0 where no training message had the bucket; non-negative
   * @param weights per bucket
   * @param shapeWeights per {@link MessageShape} bin, {@link MessageShape#WIDTH} of them
   * @param bias the margin's constant
   * @throws IllegalArgumentException when an array's length is not {@code 2^bits} (or {@code
   *     WIDTH}), or an idf is negative or not finite, or a weight or the bias is not finite
   */
  public NgramLinearModel(
      int bits, float[] idf, float[] weights, float[] shapeWeights, double bias) {
    this.features = new NgramFeatures(bits);
    Objects.requireNonNull(idf, "idf");
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(shapeWeights, "shapeWeights");
    this.bias = bias;
    if (shapeWeights.length != MessageShape.WIDTH) {
      throw new IllegalArgumentException(
          "n-gram model needs "
              + MessageShape.WIDTH
              + " shape weights, got "
              + shapeWeights.length);
    }
    for (int i = 0; i < shapeWeights.length; i++) {
      if (!Float.isFinite(shapeWeights[i])) {
        throw new IllegalArgumentException(
            "n-gram shape bin " + i + ": weight " + shapeWeights[i] + " invalid");
      }
    }
    this.shapeWeights = shapeWeights;
    int buckets = features.buckets();
    if (idf.length != buckets || weights.length != buckets) {
      throw new IllegalArgumentException(
          "n-gram model of "
              + bits
              + " bits needs "
              + buckets
              + " idf values and weights, got "
              + idf.length
              + " and "
              + weights.length);
    }
    for (int i = 0; i < buckets; i++) {
      if (!(idf[i] >= 0 && Float.isFinite(idf[i])) || !Float.isFinite(weights[i])) {
        throw new IllegalArgumentException(
            "n-gram bucket " + i + ": idf " + idf[i] + " or weight " + weights[i] + " invalid");
      }
    }
    if (!Double.isFinite(bias)) {
      throw new IllegalArgumentException("n-gram model bias is not finite: " + bias);
    }
    this.idfAndWeight = new float[2 * buckets];
    for (int i = 0; i < buckets; i++) {
      idfAndWeight[2 * i] = idf[i];
      idfAndWeight[2 * i + 1] = weights[i];
    }
  }

  /** Returns the feature extractor (its bucket count matches this model). */
  public NgramFeatures features() {
    return features;
  }

  /**
   * Returns one bucket's idf.
   *
   * @param bucket a bucket index
   * @return its idf, 0 when no training message reached it
   */
  public float idfAt(int bucket) {
    return idfAndWeight[2 * bucket];
  }

  /** Returns the margin's constant. */
  public double bias() {
    return bias;
  }

  /**
   * Returns one shape bin's weight.
   *
   * @param bin a bin index in {@code [0, MessageShape.WIDTH)}
   * @return its weight, 0 in a model read from a version-1 file
   */
  public float shapeWeightAt(int bin) {
    return shapeWeights[bin];
  }

  /**
   * Returns the margin of a message.
   *
   * @param cleaned the message as {@code TextFeatures.clean} returns it
   * @param tokens its tokens
   * @return {@code weights · vector + bias}; positive leans spam
   */
  public double margin(String cleaned, List<String> tokens) {
    return margin(features.counts(cleaned, tokens));
  }

  /**
   * Returns the margin of counted n-grams.
   *
   * @param counts counts from {@link #features()}
   * @return {@code weights · vector + bias}
   */
  public double margin(NgramFeatures.Counts counts) {
    double shape = 0;
    for (int bin : counts.shapeBins()) {
      shape += shapeWeights[bin];
    }
    return bias
        + blockMargin(counts.wordBuckets(), counts.wordCounts())
        + blockMargin(counts.charBuckets(), counts.charCounts())
        + MessageShape.VALUE * shape;
  }

  /**
   * One block's share of the margin, {@code weights · (block / |block|)}: the value {@link #vector}
   * and a dot product give (the merged vector is linear in its two blocks), in one pass without
   * building the vector, equal to it within rounding ({@code NgramLinearModelTest}).
   */
  private double blockMargin(int[] buckets, int[] counts) {
    double dot = 0;
    double squares = 0;
    for (int i = 0; i < buckets.length; i++) {
      int at = 2 * buckets[i];
      double value = tf(counts[i]) * idfAndWeight[at];
      dot += idfAndWeight[at + 1] * value;
      squares += value * value;
    }
    return squares > 0 ? dot / Math.sqrt(squares) : 0;
  }

  /** The sublinear term frequency {@code 1 + ln tf}; most n-grams occur once, where it is 1. */
  private static double tf(int count) {
    return count == 1 ? 1.0 : 1.0 + Math.log(count);
  }

  /**
   * A sparse vector: buckets ascending and distinct, with their values. The arrays are shared, not
   * copied: callers must not change them.
   */
  public static final class Vector {
    private final int[] buckets;
    private final double[] values;

    Vector(int[] buckets, double[] values) {
      this.buckets = buckets;
      this.values = values;
    }

    /** Returns the bucket indices. */
    public int[] buckets() {
      return buckets;
    }

    /** Returns the value at each bucket. */
    public double[] values() {
      return values;
    }
  }

  /**
   * Weighs counts into the vector the classifier sees (see the class comment); training calls this
   * too, so the two cannot disagree.
   *
   * @param counts a message's counts
   * @param idf per bucket
   * @return the TF-IDF vector, each block of unit length (or zero when none of its buckets has an
   *     idf), the two blocks merged; the shape block is not in it (see {@link
   *     NgramFeatures.Counts#shapeBins})
   */
  public static Vector vector(NgramFeatures.Counts counts, float[] idf) {
    double[] words = weigh(counts.wordBuckets(), counts.wordCounts(), idf);
    double[] chars = weigh(counts.charBuckets(), counts.charCounts(), idf);
    int[] a = counts.wordBuckets();
    int[] b = counts.charBuckets();
    int[] buckets = new int[a.length + b.length];
    double[] values = new double[a.length + b.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < a.length || j < b.length) {
      // Both blocks share the bucket space; a bucket in both gets the sum of its two values.
      if (j == b.length || (i < a.length && a[i] < b[j])) {
        buckets[n] = a[i];
        values[n++] = words[i++];
      } else if (i == a.length || b[j] < a[i]) {
        buckets[n] = b[j];
        values[n++] = chars[j++];
      } else {
        buckets[n] = a[i];
        values[n++] = words[i++] + chars[j++];
      }
    }
    return new Vector(
        n == buckets.length ? buckets : java.util.Arrays.copyOf(buckets, n),
        n == values.length ? values : java.util.Arrays.copyOf(values, n));
  }

  private static double[] weigh(int[] buckets, int[] counts, float[] idf) {
    double[] out = new double[buckets.length];
    double squares = 0;
    for (int i = 0; i < buckets.length; i++) {
      double value = tf(counts[i]) * idf[buckets[i]];
      out[i] = value;
      squares += value * value;
    }
    if (squares > 0) {
      double scale = 1.0 / Math.sqrt(squares);
      for (int i = 0; i < out.length; i++) {
        out[i] *= scale;
      }
    }
    return out;
  }

  /** Bytes of the shape block in a file of the given version: its width, then its weights. */
  private static int shapeBytes(int version) {
    return version == FORMAT_VERSION_WITHOUT_SHAPE
        ? 0
        : Integer.BYTES + MessageShape.WIDTH * Float.BYTES;
  }

  /**
   * Writes the model in the format described in the class comment.
   *
   * @param out where to write; not closed
   * @throws IOException when writing fails
   */
  public void write(OutputStream out) throws IOException {
    int entries = 0;
    int buckets = features.buckets();
    for (int i = 0; i < buckets; i++) {
      entries += idfAndWeight[2 * i] > 0 ? 1 : 0;
    }
    ByteBuffer buffer =
        ByteBuffer.allocate(
                HEADER_BYTES + entries * ENTRY_BYTES + shapeBytes(FORMAT_VERSION) + Integer.BYTES)
            .order(ByteOrder.LITTLE_ENDIAN);
    buffer.putInt(MAGIC).putInt(FORMAT_VERSION).putInt(features.bits()).putDouble(bias);
    buffer.putInt(entries);
    for (int i = 0; i < buckets; i++) {
      if (idfAndWeight[2 * i] > 0) {
        buffer.putInt(i).putFloat(idfAndWeight[2 * i]).putFloat(idfAndWeight[2 * i + 1]);
      }
    }
    buffer.putInt(shapeWeights.length);
    for (float weight : shapeWeights) {
      buffer.putFloat(weight);
    }
    CRC32 crc = new CRC32();
    crc.update(buffer.array(), 0, buffer.position());
    buffer.putInt((int) crc.getValue());
    out.write(buffer.array());
  }

  /**
   * Reads a model written by {@link #write}.
   *
   * @param in the file's bytes; read to the end, not closed
   * @return the model
   * @throws IOException saying what is wrong when the bytes are not such a file, are of another
   *     format version, are truncated or fail their checksum
   */
  public static NgramLinearModel read(InputStream in) throws IOException {
    byte[] bytes = in.readAllBytes();
    if (bytes.length < HEADER_BYTES + Integer.BYTES) {
      throw new IOException("n-gram weights: " + bytes.length + " bytes is too short");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (buffer.getInt() != MAGIC) {
      throw new IOException("n-gram weights: not an n-gram weights file (bad magic)");
    }
    int version = buffer.getInt();
    if (version != FORMAT_VERSION && version != FORMAT_VERSION_WITHOUT_SHAPE) {
      throw new IOException(
          "n-gram weights: format version "
              + version
              + ", this build reads "
              + FORMAT_VERSION_WITHOUT_SHAPE
              + " and "
              + FORMAT_VERSION);
    }
    int bits = buffer.getInt();
    if (bits < NgramFeatures.MIN_BITS || bits > NgramFeatures.MAX_BITS) {
      throw new IOException("n-gram weights: " + bits + " hash bits is out of range");
    }
    double bias = buffer.getDouble();
    int entries = buffer.getInt();
    long expected =
        HEADER_BYTES + (long) entries * ENTRY_BYTES + shapeBytes(version) + Integer.BYTES;
    if (entries < 0 || entries > (1 << bits) || expected != bytes.length) {
      throw new IOException(
          "n-gram weights: header says "
              + entries
              + " entries ("
              + expected
              + " bytes) but the file has "
              + bytes.length
              + " bytes");
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - Integer.BYTES);
    int stored =
        ByteBuffer.wrap(bytes, bytes.length - Integer.BYTES, Integer.BYTES)
            .order(ByteOrder.LITTLE_ENDIAN)
            .getInt();
    if (stored != (int) crc.getValue()) {
      throw new IOException("n-gram weights: checksum mismatch (file corrupt)");
    }
    float[] idf = new float[1 << bits];
    float[] weights = new float[1 << bits];
    int previous = -1;
    for (int e = 0; e < entries; e++) {
      int bucket = buffer.getInt();
      if (bucket <= previous || bucket >= idf.length) {
        throw new IOException(
            "n-gram weights: entry " + e + " has bucket " + bucket + ", out of order or range");
      }
      previous = bucket;
      idf[bucket] = buffer.getFloat();
      weights[bucket] = buffer.getFloat();
    }
    float[] shapeWeights = new float[MessageShape.WIDTH];
    if (version != FORMAT_VERSION_WITHOUT_SHAPE) {
      int width = buffer.getInt();
      if (width != MessageShape.WIDTH) {
        throw new IOException(
            "n-gram weights: "
                + width
                + " shape weights, this build's message shape has "
                + MessageShape.WIDTH);
      }
      for (int i = 0; i < width; i++) {
        shapeWeights[i] = buffer.getFloat();
      }
    }
    try {
      return new NgramLinearModel(bits, idf, weights, shapeWeights, bias);
    } catch (IllegalArgumentException e) {
      throw new IOException("n-gram weights: " + e.getMessage(), e);
    }
  }
}
