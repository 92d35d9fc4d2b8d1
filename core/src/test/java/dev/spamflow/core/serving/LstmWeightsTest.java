package dev.spamflow.core.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LstmWeightsTest {

  /** Small random weights: vocabulary 11, embedding 3, 2 units. */
  static LstmWeights randomWeights(int vocab, int dims, int units, long seed) {
    Random random = new Random(seed);
    int gates = 4 * units;
    return new LstmWeights(
        vocab,
        dims,
        units,
        random(random, vocab * dims),
        random(random, dims * gates),
        random(random, units * gates),
        random(random, gates),
        random(random, units * 2),
        random(random, 2));
  }

  private static float[] random(Random random, int length) {
    float[] values = new float[length];
    for (int i = 0; i < length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }

  private static byte[] bytes(LstmWeights weights) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    weights.write(out);
    return out.toByteArray();
  }

  private static LstmWeights read(byte[] bytes) throws IOException {
    return LstmWeights.read(new ByteArrayInputStream(bytes));
  }

  @Test
  void roundTripIsExact() throws IOException {
    LstmWeights original = randomWeights(11, 3, 2, 1);

    byte[] written = bytes(original);
    LstmWeights copy = read(written);

    assertThat(written).hasSize(20 + 4 * (33 + 24 + 16 + 8 + 4 + 2) + 4);
    assertThat(copy.vocabularySize()).isEqualTo(11);
    assertThat(copy.embeddingDim()).isEqualTo(3);
    assertThat(copy.units()).isEqualTo(2);
    assertThat(copy.embedding()).containsExactly(original.embedding());
    assertThat(copy.inputWeights()).containsExactly(original.inputWeights());
    assertThat(copy.recurrentWeights()).containsExactly(original.recurrentWeights());
    assertThat(copy.bias()).containsExactly(original.bias());
    assertThat(copy.outputWeights()).containsExactly(original.outputWeights());
    assertThat(copy.outputBias()).containsExactly(original.outputBias());
    // Byte-identical on rewrite: the format has no slack (padding, timestamps).
    assertThat(bytes(copy)).isEqualTo(written);
  }

  @Test
  void flippedPayloadByteFailsTheChecksum() throws IOException {
    byte[] written = bytes(randomWeights(11, 3, 2, 2));
    written[40] ^= 0x10;

    assertThatThrownBy(() -> read(written))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("weights.bin")
        .hasMessageContaining("checksum mismatch");
  }

  @Test
  void anotherFileIsRejectedByItsMagic() {
    byte[] json = "{\"not\": \"weights\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertThatThrownBy(() -> read(json))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("weights.bin: expected magic 0x57534653, found 0x6f6e227b");
  }

  @Test
  void unknownVersionIsRejected() throws IOException {
    byte[] written = bytes(randomWeights(11, 3, 2, 3));
    written[4] = 9;

    assertThatThrownBy(() -> read(written))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("format version 9 is not supported");
  }

  @Test
  void truncatedFileSaysHowMuchIsMissing() throws IOException {
    byte[] written = bytes(randomWeights(11, 3, 2, 4));

    assertThatThrownBy(() -> read(Arrays.copyOf(written, 20 + 4 * 50 + 2)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("truncated: expected 87 floats and a checksum, found 50 floats");
    assertThatThrownBy(() -> read(Arrays.copyOf(written, written.length - 4)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("truncated: expected 87 floats and a checksum, found no checksum");
    assertThatThrownBy(() -> read(Arrays.copyOf(written, 12)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("truncated: expected a 20-byte header, found 12 bytes");
  }

  @Test
  void trailingBytesAreRejected() throws IOException {
    byte[] written = bytes(randomWeights(11, 3, 2, 5));

    assertThatThrownBy(() -> read(Arrays.copyOf(written, written.length + 1)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("unexpected bytes after the checksum");
  }

  @Test
  void implausibleDimsFailBeforeAllocating() throws IOException {
    byte[] written = bytes(randomWeights(11, 3, 2, 6));
    // vocabularySize 0x7fffffff: a corrupt header must not become an OutOfMemoryError.
    written[8] = (byte) 0xff;
    written[9] = (byte) 0xff;
    written[10] = (byte) 0xff;
    written[11] = 0x7f;

    assertThatThrownBy(() -> read(written))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("implausible dims vocabularySize=2147483647");
  }

  @Test
  void constructorChecksArrayLengths() {
    LstmWeights good = randomWeights(11, 3, 2, 7);

    assertThatThrownBy(
            () ->
                new LstmWeights(
                    11,
                    3,
                    2,
                    good.embedding(),
                    good.inputWeights(),
                    new float[5],
                    good.bias(),
                    good.outputWeights(),
                    good.outputBias()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("recurrentWeights: expected 16 floats, got 5");
  }
}
