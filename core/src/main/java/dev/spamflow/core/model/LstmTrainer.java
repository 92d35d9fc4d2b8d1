package dev.spamflow.core.model;

import dev.spamflow.core.serving.FastLstmClassifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.ObjIntConsumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains the LSTM with mini-batches of similar length.
 *
 * <p>Each mini-batch is padded only to its own longest message: sorting messages of similar length
 * into the same batch cuts the padded time steps the LSTM has to run (most SMS are short, a few are
 * long). How many epochs to run is decided by the cross-validation in {@link SpamModelTraining}.
 */
public final class LstmTrainer {

  /** Messages sorted together by length before being cut into batches. */
  private static final int SORT_WINDOW_BATCHES = 20;

  private LstmTrainer() {}

  /**
   * One network learning from one set, an epoch at a time, so that the folds of a cross-validation
   * can run in step and stop together. Scoring goes through the plain-Java forward pass that
   * serving uses, so what is measured is what is served. One thread at a time.
   */
  public static final class Run {
    private final HyperParameters params;
    private final EncodedSet train;
    private final MultiLayerNetwork network;
    private final Random random;
    private int epochs;

    /**
     * Builds an untrained network.
     *
     * @param params hyper-parameters; their seed initialises the weights and shuffles the batches
     * @param vocabularySize size of the vocabulary the sequences were encoded with
     * @param train what the network learns from
     */
    public Run(HyperParameters params, int vocabularySize, EncodedSet train) {
      this.params = params;
      this.train = train;
      this.network = LstmNetworkFactory.build(params, vocabularySize);
      this.random = new Random(params.seed());
    }

    /**
     * Runs one epoch over the training set.
     *
     * @param onBatch receives the 1-based batch number and its loss after every batch
     * @return the mean training loss of the epoch
     */
    public double epoch(ObjIntConsumer<Double> onBatch) {
      epochs++;
      // Dropout draws from ND4J's per-thread generator, and an epoch may run on any pool thread,
      // after any other network: seeding it per network and epoch keeps training repeatable.
      Nd4j.getRandom().setSeed(params.seed() * 1_000_003L + epochs);
      double lossSum = 0;
      int batchNumber = 0;
      for (int[] batch : batches(train, params.batchSize(), random)) {
        network.fit(toDataSet(train, batch));
        batchNumber++;
        double loss = network.score();
        lossSum += loss;
        onBatch.accept(loss, batchNumber);
      }
      return lossSum / Math.max(1, batchNumber);
    }

    /** Returns the epochs run so far. */
    public int epochs() {
      return epochs;
    }

    /** Returns the mini-batches in one epoch. */
    public int batchesPerEpoch() {
      return (train.size() + params.batchSize() - 1) / params.batchSize();
    }

    /** Returns the network as trained so far. */
    public MultiLayerNetwork network() {
      return network;
    }

    /**
     * Returns the fast forward pass over the current weights.
     *
     * @return a classifier equal to the network within 1e-5
     */
    public FastLstmClassifier classifier() {
      return new FastLstmClassifier(LstmWeightsExporter.export(network));
    }
  }

  /**
   * Returns the logits of sequences under a classifier.
   *
   * @param classifier the forward pass
   * @param sequences id sequences
   * @return one logit per sequence
   */
  public static double[] logits(FastLstmClassifier classifier, List<int[]> sequences) {
    double[] out = new double[sequences.size()];
    for (int i = 0; i < out.length; i++) {
      int[] ids = sequences.get(i);
      out[i] = classifier.spamLogit(ids, ids.length);
    }
    return out;
  }

  /**
   * Scores sequences with DL4J, the reference implementation.
   *
   * @param network a network built by {@link LstmNetworkFactory}
   * @param sequences non-empty id sequences
   * @param batchSize how many to score at once
   * @return the spam probability of each sequence
   */
  public static double[] predict(MultiLayerNetwork network, List<int[]> sequences, int batchSize) {
    double[] out = new double[sequences.size()];
    Integer[] order = new Integer[sequences.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    // Similar lengths together keep padding, and so wasted time steps, low.
    Arrays.sort(order, Comparator.comparingInt(i -> sequences.get(i).length));
    for (int from = 0; from < order.length; from += batchSize) {
      int to = Math.min(order.length, from + batchSize);
      int[] batch = new int[to - from];
      for (int i = from; i < to; i++) {
        batch[i - from] = order[i];
      }
      INDArray[] featuresAndMask = features(sequences, batch);
      INDArray output = network.output(featuresAndMask[0], false, featuresAndMask[1], null);
      for (int i = 0; i < batch.length; i++) {
        out[batch[i]] = output.getDouble(i, 1);
      }
    }
    return out;
  }

  /** Shuffles, sorts within windows by length, cuts into batches, then shuffles batch order. */
  static List<int[]> batches(EncodedSet set, int batchSize, Random random) {
    int n = set.size();
    List<Integer> indices = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      indices.add(i);
    }
    Collections.shuffle(indices, random);
    List<int[]> batches = new ArrayList<>();
    int window = batchSize * SORT_WINDOW_BATCHES;
    for (int from = 0; from < n; from += window) {
      List<Integer> slice = new ArrayList<>(indices.subList(from, Math.min(n, from + window)));
      slice.sort(Comparator.comparingInt(i -> set.sequences().get(i).length));
      for (int b = 0; b < slice.size(); b += batchSize) {
        List<Integer> members = slice.subList(b, Math.min(slice.size(), b + batchSize));
        batches.add(members.stream().mapToInt(Integer::intValue).toArray());
      }
    }
    Collections.shuffle(batches, random);
    return batches;
  }

  private static DataSet toDataSet(EncodedSet set, int[] batch) {
    INDArray[] featuresAndMask = features(set.sequences(), batch);
    INDArray labels = Nd4j.zeros(DataType.FLOAT, batch.length, 2);
    for (int i = 0; i < batch.length; i++) {
      labels.putScalar(i, set.isSpam()[batch[i]] ? 1 : 0, 1.0);
    }
    return new DataSet(featuresAndMask[0], labels, featuresAndMask[1], null);
  }

  /** Builds right-padded id features {@code [batch, time]} and the matching mask. */
  static INDArray[] features(List<int[]> sequences, int[] batch) {
    int time = 1;
    for (int index : batch) {
      time = Math.max(time, sequences.get(index).length);
    }
    float[] ids = new float[batch.length * time];
    float[] mask = new float[batch.length * time];
    for (int i = 0; i < batch.length; i++) {
      int[] sequence = sequences.get(batch[i]);
      for (int t = 0; t < sequence.length; t++) {
        ids[i * time + t] = sequence[t];
        mask[i * time + t] = 1f;
      }
    }
    return new INDArray[] {
      Nd4j.create(ids, new long[] {batch.length, time}, DataType.FLOAT),
      Nd4j.create(mask, new long[] {batch.length, time}, DataType.FLOAT)
    };
  }

  /** Mean binary cross-entropy of spam probabilities, clipped so a confident miss stays finite. */
  static double crossEntropy(double[] spamProbabilities, boolean[] isSpam) {
    double sum = 0;
    for (double loss : losses(spamProbabilities, isSpam)) {
      sum += loss;
    }
    return sum / Math.max(1, isSpam.length);
  }

  /** Each message's cross-entropy, its probability clipped to [1e-7, 1 - 1e-7]. */
  static double[] losses(double[] spamProbabilities, boolean[] isSpam) {
    double[] out = new double[isSpam.length];
    for (int i = 0; i < out.length; i++) {
      double p = Math.clamp(spamProbabilities[i], 1e-7, 1 - 1e-7);
      out[i] = isSpam[i] ? -Math.log(p) : -Math.log(1 - p);
    }
    return out;
  }
}
