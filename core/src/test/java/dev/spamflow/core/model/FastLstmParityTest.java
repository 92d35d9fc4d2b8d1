package dev.spamflow.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spamflow.core.serving.FastLstmClassifier;
import dev.spamflow.core.serving.LstmWeights;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The plain-Java forward pass gives DL4J's spam probabilities, within 1e-5, for networks built by
 * {@link LstmNetworkFactory} and exported by {@link LstmWeightsExporter}.
 */
class FastLstmParityTest {

  private static final double TOLERANCE = 1e-5;
  private static final int SEQUENCES = 600;

  @BeforeAll
  static void floatDefaults() {
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
  }

  @Test
  void smallTrainedNetworkMatchesDl4j() throws IOException {
    MultiLayerNetwork network = trainedNetwork(300, 16, 20, 40, 30, 1);
    assertParity(network, 300, 40, 2);
  }

  @Test
  void defaultSizedTrainedNetworkMatchesDl4j() throws IOException {
    HyperParameters defaults = HyperParameters.DEFAULTS;
    MultiLayerNetwork network =
        trainedNetwork(
            defaults.vocabSize(), defaults.embeddingDim(), defaults.lstmUnits(), 100, 8, 2);
    assertParity(network, defaults.vocabSize(), defaults.maxLen(), 3);
  }

  @Test
  void randomisedWeightsMatchDl4j() throws IOException {
    // Large random weights drive every gate far from its initial value and into saturation, so a
    // swapped gate block or a wrong activation cannot hide behind near-zero weights.
    assertParity(randomisedNetwork(20), 300, 60, 6);
  }

  @Test
  void unitCountsAroundTheRecurrentPassWidthMatchDl4j() throws IOException {
    // The recurrent product takes eight rows per pass, then single rows: fewer units than one
    // pass, exactly one pass, and one pass plus a remainder take different paths.
    for (int units : new int[] {5, 8, 13}) {
      assertParity(randomisedNetwork(units), 300, 60, units);
    }
  }

  @Test
  void meanPooledHiddenStatesMatchDl4j() throws IOException {
    // DL4J's LastTimeStep layer gives h_t for a prefix of length t; the mean over every prefix of
    // a sequence is the mean-pooled state the drift embedder reads.
    MultiLayerNetwork network = trainedNetwork(300, 16, 13, 40, 30, 7);
    FastLstmClassifier fast = new FastLstmClassifier(LstmWeightsExporter.export(network));
    Random random = new Random(8);
    double maxDelta = 0;
    double spread = 0;
    for (int s = 0; s < 20; s++) {
      int[] sequence = randomSequence(random, 300, 1 + random.nextInt(40));
      int[][] prefixes = new int[sequence.length][];
      for (int t = 0; t < sequence.length; t++) {
        prefixes[t] = Arrays.copyOf(sequence, t + 1);
      }
      INDArray[] featuresAndMask = padded(prefixes, 0, prefixes.length);
      network.setLayerMaskArrays(featuresAndMask[1], null);
      INDArray states = network.feedForward(featuresAndMask[0], false).get(2);
      network.clearLayerMaskArrays();
      float[] pooled = fast.meanHiddenState(sequence, sequence.length);
      for (int k = 0; k < pooled.length; k++) {
        double reference = states.getColumn(k).meanNumber().doubleValue();
        maxDelta = Math.max(maxDelta, Math.abs(reference - pooled[k]));
        spread = Math.max(spread, Math.abs(reference));
      }
    }
    assertThat(spread).as("largest |mean state|").isGreaterThan(0.05);
    assertThat(maxDelta).as("max |DL4J - fast| mean state").isLessThanOrEqualTo(TOLERANCE);
  }

  /** A network of {@code units} LSTM units with large random weights. */
  private static MultiLayerNetwork randomisedNetwork(int units) throws IOException {
    MultiLayerNetwork network = trainedNetwork(300, 16, units, 30, 0, 4);
    Random random = new Random(5);
    float[] params = new float[Math.toIntExact(network.numParams())];
    for (int i = 0; i < params.length; i++) {
      params[i] = (float) (random.nextGaussian() * 0.6);
    }
    network.setParams(Nd4j.create(params, new long[] {1, params.length}, DataType.FLOAT));
    return network;
  }

  @Test
  void exporterRejectsAnotherArchitecture() {
    MultiLayerNetwork dense =
        new MultiLayerNetwork(
            new NeuralNetConfiguration.Builder()
                .list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(3).build())
                .layer(new DenseLayer.Builder().nIn(3).nOut(3).build())
                .layer(
                    new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(3)
                        .nOut(3)
                        .activation(Activation.SOFTMAX)
                        .build())
                .build());
    dense.init();

    assertThatThrownBy(() -> LstmWeightsExporter.export(dense))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("layer 0 must be an EmbeddingSequenceLayer")
        .hasMessageContaining("layer 1 must be LastTimeStep(LSTM)")
        .hasMessageContaining("output layer must have 2 classes");
  }

  /** Scores random right-padded, masked batches both ways and compares every probability. */
  private static void assertParity(MultiLayerNetwork network, int vocab, int maxLen, long seed)
      throws IOException {
    // Through the file format too: what is served is what was written.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LstmWeightsExporter.export(network).write(bytes);
    FastLstmClassifier fast =
        new FastLstmClassifier(LstmWeights.read(new ByteArrayInputStream(bytes.toByteArray())));

    Random random = new Random(seed);
    int[][] sequences = new int[SEQUENCES][];
    for (int i = 0; i < SEQUENCES; i++) {
      // Every length from 1 to maxLen occurs, mixed within each DL4J batch.
      sequences[i] = randomSequence(random, vocab, 1 + i % maxLen);
    }
    double[] fastScores = fast.spamProbabilities(sequences);

    double maxDelta = 0;
    double min = 1;
    double max = 0;
    int batchSize = 100;
    for (int from = 0; from < SEQUENCES; from += batchSize) {
      int to = Math.min(SEQUENCES, from + batchSize);
      INDArray[] featuresAndMask = padded(sequences, from, to);
      INDArray output = network.output(featuresAndMask[0], false, featuresAndMask[1], null);
      for (int i = from; i < to; i++) {
        double reference = output.getDouble(i - from, 1);
        maxDelta = Math.max(maxDelta, Math.abs(reference - fastScores[i]));
        min = Math.min(min, reference);
        max = Math.max(max, reference);
      }
    }
    // The outputs must spread: parity between two near-constant outputs would prove little.
    assertThat(max - min).as("spread of DL4J's spam probabilities").isGreaterThan(0.05);
    assertThat(maxDelta).as("max |DL4J - fast| spam probability").isLessThanOrEqualTo(TOLERANCE);
  }

  /**
   * Builds a network and fits it for a few mini-batches on random sequences whose label depends on
   * the tokens, so that the weights (forget-gate bias included) leave their initial values.
   */
  private static MultiLayerNetwork trainedNetwork(
      int vocab, int embeddingDim, int units, int maxLen, int iterations, long seed) {
    HyperParameters params =
        new HyperParameters(embeddingDim, units, 0.1, 32, 1, maxLen, vocab, 1, 0.02, 0.0, seed, 1);
    MultiLayerNetwork network = LstmNetworkFactory.build(params, vocab);
    Random random = new Random(seed);
    for (int iteration = 0; iteration < iterations; iteration++) {
      int[][] batch = new int[32][];
      INDArray labels = Nd4j.zeros(DataType.FLOAT, batch.length, 2);
      for (int i = 0; i < batch.length; i++) {
        batch[i] = randomSequence(random, vocab, 1 + random.nextInt(maxLen));
        boolean spam = false;
        for (int id : batch[i]) {
          spam |= id % 7 == 0;
        }
        labels.putScalar(i, spam ? 1 : 0, 1.0);
      }
      INDArray[] featuresAndMask = padded(batch, 0, batch.length);
      network.fit(new DataSet(featuresAndMask[0], labels, featuresAndMask[1], null));
    }
    return network;
  }

  private static int[] randomSequence(Random random, int vocab, int length) {
    int[] ids = new int[length];
    for (int t = 0; t < length; t++) {
      ids[t] = 1 + random.nextInt(vocab - 1);
    }
    return ids;
  }

  /** Right-padded features {@code [batch, time]} with id 0, and the matching mask. */
  private static INDArray[] padded(int[][] sequences, int from, int to) {
    int rows = to - from;
    int time = 1;
    for (int i = from; i < to; i++) {
      time = Math.max(time, sequences[i].length);
    }
    float[] ids = new float[rows * time];
    float[] mask = new float[rows * time];
    for (int i = 0; i < rows; i++) {
      int[] sequence = sequences[from + i];
      for (int t = 0; t < sequence.length; t++) {
        ids[i * time + t] = sequence[t];
        mask[i * time + t] = 1f;
      }
    }
    return new INDArray[] {
      Nd4j.create(ids, new long[] {rows, time}, DataType.FLOAT),
      Nd4j.create(mask, new long[] {rows, time}, DataType.FLOAT)
    };
  }
}
