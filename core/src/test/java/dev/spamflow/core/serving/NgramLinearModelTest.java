package dev.spamflow.core.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.spamflow.core.text.TextFeatures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The n-gram half: its hashing (part of the bundle format), its vector and its file. */
class NgramLinearModelTest {

  private static final int BITS = 12;

  private static NgramLinearModel randomModel(long seed) {
    return randomModel(seed, new float[1 << BITS]);
  }

  /** A random model whose weights are left in {@code weights}. */
  private static NgramLinearModel randomModel(long seed, float[] weights) {
    Random random = new Random(seed);
    int buckets = 1 << BITS;
    float[] idf = new float[buckets];
    for (int i = 0; i < buckets; i++) {
      if (random.nextInt(3) > 0) {
        idf[i] = 1 + random.nextFloat() * 5;
        weights[i] = (float) random.nextGaussian();
      }
    }
    float[] shapeWeights = new float[MessageShape.WIDTH];
    for (int i = 0; i < shapeWeights.length; i++) {
      shapeWeights[i] = (float) random.nextGaussian();
    }
    return new NgramLinearModel(BITS, idf, weights, shapeWeights, -0.25);
  }

  @Test
  void theMarginIsTheWeightsDotTheVectorTrainingSees() throws java.io.IOException {
    float[] weights = new float[1 << BITS];
    NgramLinearModel model = randomModel(4, weights);
    float[] idf = idfOf(model);
    int checked = 0;
    // Every message of the real SMS file: repeated n-grams (tf > 1), n-grams in both blocks,
    // empty messages.
    for (String line : java.nio.file.Files.readAllLines(dev.spamflow.core.data.TestData.sms())) {
      String text = line.substring(line.indexOf('\t') + 1);
      TextFeatures.Analysis a = TextFeatures.analyse(text);
      NgramFeatures.Counts counts = model.features().counts(a.cleaned(), a.tokens());
      NgramLinearModel.Vector vector = NgramLinearModel.vector(counts, idf);
      double expected = model.bias();
      for (int i = 0; i < vector.buckets().length; i++) {
        expected += weights[vector.buckets()[i]] * vector.values()[i];
      }
      for (int bin : counts.shapeBins()) {
        expected += model.shapeWeightAt(bin) * MessageShape.VALUE;
      }
      assertThat(model.margin(counts)).as(text).isCloseTo(expected, within(1e-12));
      checked++;
    }
    assertThat(checked).isEqualTo(5574);
  }

  @Test
  void bucketsArePinnedBecauseTheyArePartOfTheBundleFormat() {
    NgramFeatures features = new NgramFeatures(20);
    NgramFeatures.Counts counts = features.counts("Free entry", List.of("free", "entry"));

    // Two unigrams and one bigram; " free " and " entry " give 5 + 4 + 3 + 2 (sizes 2..5) and
    // 6 + 5 + 4 + 3 character n-grams. A change here changes every deployed model's input.
    assertThat(Arrays.stream(counts.wordCounts()).sum()).isEqualTo(3);
    assertThat(Arrays.stream(counts.charCounts()).sum()).isEqualTo(14 + 18);
    assertThat(counts.wordBuckets()).containsExactly(PINNED_WORD_BUCKETS);
  }

  private static final int[] PINNED_WORD_BUCKETS = {115493, 496779, 935699};

  @Test
  void aWordShorterThanTheLongestGramCountsOnceWhole() {
    NgramFeatures.Counts counts = new NgramFeatures(16).counts("a", List.of("a"));

    // " a " has two 2-grams and is itself the one 3-gram; sizes 4 and 5 add nothing more.
    assertThat(Arrays.stream(counts.charCounts()).sum()).isEqualTo(3);
  }

  @Test
  void eachBlockOfTheVectorHasUnitLength() {
    NgramLinearModel model = randomModel(1);
    String text = "WINNER!! Claim your prize now at www.example.com";
    TextFeatures.Analysis analysis = TextFeatures.analyse(text);
    NgramFeatures.Counts counts = model.features().counts(analysis.cleaned(), analysis.tokens());

    NgramLinearModel.Vector words =
        NgramLinearModel.vector(
            new NgramFeatures.Counts(
                counts.wordBuckets(), counts.wordCounts(), new int[0], new int[0], new int[0]),
            idfOf(model));
    double squares = Arrays.stream(words.values()).map(v -> v * v).sum();
    assertThat(squares).isCloseTo(1.0, within(1e-9));
  }

  private static float[] idfOf(NgramLinearModel model) {
    float[] idf = new float[1 << BITS];
    for (int b = 0; b < idf.length; b++) {
      idf[b] = model.idfAt(b);
    }
    return idf;
  }

  @Test
  void roundTripsThroughItsFileAndScoresTheSame() throws IOException {
    NgramLinearModel model = randomModel(2);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    model.write(out);

    NgramLinearModel read = NgramLinearModel.read(new ByteArrayInputStream(out.toByteArray()));

    for (String text : List.of("Free entry in 2 a wkly comp", "ok see you at 5", "")) {
      TextFeatures.Analysis a = TextFeatures.analyse(text);
      assertThat(read.margin(a.cleaned(), a.tokens()))
          .isEqualTo(model.margin(a.cleaned(), a.tokens()));
    }
    assertThat(read.bias()).isEqualTo(-0.25);
  }

  @Test
  void aFileWrittenBeforeTheShapeBlockScoresWithoutIt() throws IOException {
    NgramLinearModel model = randomModel(5);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    model.write(out);

    NgramLinearModel read =
        NgramLinearModel.read(new ByteArrayInputStream(asVersionOne(out.toByteArray())));

    // What a version-1 file meant: the word and character blocks and the bias, nothing else.
    for (String text : List.of("Free entry in 2 a wkly comp", "ok see you at 5", "")) {
      TextFeatures.Analysis a = TextFeatures.analyse(text);
      NgramFeatures.Counts counts = model.features().counts(a.cleaned(), a.tokens());
      double shape = 0;
      for (int bin : counts.shapeBins()) {
        shape += model.shapeWeightAt(bin) * MessageShape.VALUE;
      }
      assertThat(read.margin(counts))
          .as(text)
          .isCloseTo(model.margin(counts) - shape, within(1e-9));
    }
    for (int bin = 0; bin < MessageShape.WIDTH; bin++) {
      assertThat(read.shapeWeightAt(bin)).isZero();
    }
  }

  /** The same model as a version-1 file: version 1, no shape block, its own checksum. */
  private static byte[] asVersionOne(byte[] current) {
    int shapeBytes = Integer.BYTES + MessageShape.WIDTH * Float.BYTES;
    int body = current.length - Integer.BYTES - shapeBytes;
    byte[] old = Arrays.copyOf(current, body + Integer.BYTES);
    java.nio.ByteBuffer buffer =
        java.nio.ByteBuffer.wrap(old).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    buffer.putInt(Integer.BYTES, 1);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(old, 0, body);
    buffer.putInt(body, (int) crc.getValue());
    return old;
  }

  @Test
  void refusesAFileOfAnUnknownVersion() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    randomModel(6).write(out);
    byte[] bytes = out.toByteArray();
    java.nio.ByteBuffer.wrap(bytes)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .putInt(Integer.BYTES, 3);

    assertThatThrownBy(() -> NgramLinearModel.read(new ByteArrayInputStream(bytes)))
        .isInstanceOf(IOException.class)
        .hasMessage("n-gram weights: format version 3, this build reads 1 and 2");
  }

  @Test
  void refusesACorruptOrForeignFile() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    randomModel(3).write(out);
    byte[] bytes = out.toByteArray();
    bytes[40] ^= 1;

    assertThatThrownBy(() -> NgramLinearModel.read(new ByteArrayInputStream(bytes)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("checksum");
    assertThatThrownBy(() -> NgramLinearModel.read(new ByteArrayInputStream(new byte[64])))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("magic");
    byte[] truncated = Arrays.copyOf(out.toByteArray(), 100);
    assertThatThrownBy(() -> NgramLinearModel.read(new ByteArrayInputStream(truncated)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("bytes");
  }

  @Test
  void leavingATokenOutDropsItsWordFeaturesOnly() {
    NgramFeatures features = new NgramFeatures(16);
    List<String> tokens = List.of("call", "now", "free");
    NgramFeatures.Counts all = features.counts("call now free", tokens);
    NgramFeatures.Counts without = features.counts("call now free", tokens, 1);

    // "now" gone: unigrams call, free and the bigram call-free, 3 word n-grams instead of 5.
    assertThat(Arrays.stream(all.wordCounts()).sum()).isEqualTo(5);
    assertThat(Arrays.stream(without.wordCounts()).sum()).isEqualTo(3);
    assertThat(without.charBuckets()).isEqualTo(all.charBuckets());
  }
}
