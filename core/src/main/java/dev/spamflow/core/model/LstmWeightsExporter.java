package dev.spamflow.core.model;

import dev.spamflow.core.serving.LstmWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Copies the parameters of a network built by {@link LstmNetworkFactory} into {@link LstmWeights},
 * the form the DL4J-free serving path reads.
 *
 * <p>It checks the whole shape first (layer types, activations, parameter shapes), because the
 * serving path hard-codes that architecture: a network it does not describe would otherwise be
 * served silently wrong.
 */
public final class LstmWeightsExporter {

  private LstmWeightsExporter() {}

  /**
   * Exports the weights of a (trained) network.
   *
   * @param network a network of the shape {@link LstmNetworkFactory#build} makes
   * @return the weights, copied (later training does not change them)
   * @throws IllegalArgumentException naming every difference when the network has another shape
   */
  public static LstmWeights export(MultiLayerNetwork network) {
    List<String> problems = new ArrayList<>();
    if (network.getnLayers() != 3) {
      throw new IllegalArgumentException(
          "expected 3 layers (embedding, LSTM, output), found " + network.getnLayers());
    }
    Layer embeddingConf = layerConf(network, LstmNetworkFactory.EMBEDDING_LAYER);
    Layer lstmWrapperConf = layerConf(network, LstmNetworkFactory.LSTM_LAYER);
    Layer outputConf = layerConf(network, LstmNetworkFactory.OUTPUT_LAYER);

    boolean embeddingHasBias = false;
    if (embeddingConf instanceof EmbeddingSequenceLayer embedding) {
      expectActivation(
          problems, "embedding", embedding.getActivationFn(), ActivationIdentity.class);
      embeddingHasBias = embedding.hasBias();
    } else {
      problems.add("layer 0 must be an EmbeddingSequenceLayer, found " + describe(embeddingConf));
    }
    if (lstmWrapperConf instanceof LastTimeStep wrapper
        && wrapper.getUnderlying().getClass() == LSTM.class) {
      LSTM lstm = (LSTM) wrapper.getUnderlying();
      expectActivation(problems, "LSTM", lstm.getActivationFn(), ActivationTanH.class);
      expectActivation(problems, "LSTM gate", lstm.getGateActivationFn(), ActivationSigmoid.class);
    } else {
      problems.add("layer 1 must be LastTimeStep(LSTM), found " + describe(lstmWrapperConf));
    }
    if (outputConf instanceof OutputLayer output) {
      expectActivation(problems, "output", output.getActivationFn(), ActivationSoftmax.class);
      if (output.getNOut() != 2) {
        problems.add("output layer must have 2 classes, has " + output.getNOut());
      }
    } else {
      problems.add("layer 2 must be an OutputLayer, found " + describe(outputConf));
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "not a spamflow LSTM network: " + String.join("; ", problems));
    }

    INDArray embeddingW = param(network, LstmNetworkFactory.EMBEDDING_LAYER, "W");
    INDArray inputW = param(network, LstmNetworkFactory.LSTM_LAYER, "W");
    INDArray recurrentW = param(network, LstmNetworkFactory.LSTM_LAYER, "RW");
    INDArray lstmB = param(network, LstmNetworkFactory.LSTM_LAYER, "b");
    INDArray outputW = param(network, LstmNetworkFactory.OUTPUT_LAYER, "W");
    INDArray outputB = param(network, LstmNetworkFactory.OUTPUT_LAYER, "b");
    int vocabularySize = Math.toIntExact(embeddingW.size(0));
    int embeddingDim = Math.toIntExact(embeddingW.size(1));
    int units = Math.toIntExact(recurrentW.size(0));
    int gates = 4 * units;
    expectShape(problems, "embedding W", embeddingW, vocabularySize, embeddingDim);
    expectShape(problems, "LSTM W", inputW, embeddingDim, gates);
    // A peephole LSTM (GravesLSTM) would have 3 extra columns here.
    expectShape(problems, "LSTM RW", recurrentW, units, gates);
    expectVector(problems, "LSTM b", lstmB, gates);
    expectShape(problems, "output W", outputW, units, 2);
    expectVector(problems, "output b", outputB, 2);
    INDArray embeddingB = null;
    if (embeddingHasBias) {
      embeddingB = param(network, LstmNetworkFactory.EMBEDDING_LAYER, "b");
      expectVector(problems, "embedding b", embeddingB, embeddingDim);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "unexpected parameter shapes: " + String.join("; ", problems));
    }

    float[] inputWeights = rowMajor(inputW);
    float[] bias = rowMajor(lstmB);
    if (embeddingB != null) {
      // (e + eb)·W + b = e·W + (eb·W + b): an embedding bias folds into the LSTM bias.
      float[] eb = rowMajor(embeddingB);
      for (int j = 0; j < gates; j++) {
        double sum = bias[j];
        for (int e = 0; e < embeddingDim; e++) {
          sum += (double) eb[e] * inputWeights[e * gates + j];
        }
        bias[j] = (float) sum;
      }
    }
    return new LstmWeights(
        vocabularySize,
        embeddingDim,
        units,
        rowMajor(embeddingW),
        inputWeights,
        rowMajor(recurrentW),
        bias,
        rowMajor(outputW),
        rowMajor(outputB));
  }

  private static Layer layerConf(MultiLayerNetwork network, int index) {
    return network.getLayerWiseConfigurations().getConf(index).getLayer();
  }

  private static INDArray param(MultiLayerNetwork network, int layer, String key) {
    Map<String, INDArray> table = network.getLayer(layer).paramTable();
    INDArray value = table.get(key);
    if (value == null) {
      throw new IllegalArgumentException(
          "layer " + layer + " has no parameter \"" + key + "\" (has " + table.keySet() + ")");
    }
    return value;
  }

  private static void expectActivation(
      List<String> problems, String what, IActivation actual, Class<? extends IActivation> wanted) {
    if (actual == null || actual.getClass() != wanted) {
      problems.add(
          what
              + " activation must be "
              + wanted.getSimpleName()
              + ", is "
              + (actual == null ? "none" : actual.getClass().getSimpleName()));
    }
  }

  private static void expectShape(
      List<String> problems, String what, INDArray array, long rows, long columns) {
    long[] shape = array.shape();
    if (shape.length != 2 || shape[0] != rows || shape[1] != columns) {
      problems.add(
          what
              + " must be ["
              + rows
              + ", "
              + columns
              + "], is "
              + java.util.Arrays.toString(shape));
    }
  }

  /** Biases are {@code [n]} in DL4J 1.0.0-M2 and {@code [1, n]} in older releases: both do. */
  private static void expectVector(
      List<String> problems, String what, INDArray array, long length) {
    long[] shape = array.shape();
    boolean vector = shape.length == 1 || (shape.length == 2 && shape[0] == 1);
    if (!vector || array.length() != length) {
      problems.add(
          what
              + " must be ["
              + length
              + "] or [1, "
              + length
              + "], is "
              + java.util.Arrays.toString(shape));
    }
  }

  private static String describe(Layer layer) {
    return layer == null ? "nothing" : layer.getClass().getSimpleName();
  }

  /** A fresh row-major float copy, whatever the view's order or data type. */
  private static float[] rowMajor(INDArray array) {
    // Parameters are views into the network's flat parameter vector; after setParams their
    // strides can trip ND4J's matrix getters, so copy to a dense C-order array first.
    return array.castTo(DataType.FLOAT).dup('c').data().asFloat();
  }
}
