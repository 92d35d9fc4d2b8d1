package dev.spamflow.core.model;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds the spam classifier: embedding → LSTM → last (unmasked) time step → softmax over {ham,
 * spam}.
 *
 * <p>Layer 0 is an {@link EmbeddingSequenceLayer} fed token ids of shape {@code [batch, time]},
 * layer 1 a {@link LastTimeStep}-wrapped {@link LSTM} that uses the feature mask to pick each
 * message's last real token, layer 2 a softmax {@link OutputLayer} with two classes (index 0 ham, 1
 * spam). Sequences are right-padded with id 0 and masked, so the padding never reaches the state.
 */
public final class LstmNetworkFactory {

  /** Layer index of the embedding. */
  public static final int EMBEDDING_LAYER = 0;

  /** Layer index of the (wrapped) LSTM. */
  public static final int LSTM_LAYER = 1;

  /** Layer index of the softmax output. */
  public static final int OUTPUT_LAYER = 2;

  private LstmNetworkFactory() {}

  /**
   * Builds and initialises a network for the given vocabulary size.
   *
   * @param params hyper-parameters (embedding size, units, dropout, learning rate, seed)
   * @param vocabularySize actual vocabulary size (at most {@code params.vocabSize()})
   * @return an initialised, untrained network
   */
  public static MultiLayerNetwork build(HyperParameters params, int vocabularySize) {
    MultiLayerConfiguration conf =
        new NeuralNetConfiguration.Builder()
            .seed(params.seed())
            .updater(new Adam(params.learningRate()))
            .weightInit(WeightInit.XAVIER)
            .l2(params.l2())
            .list()
            .layer(
                EMBEDDING_LAYER,
                new EmbeddingSequenceLayer.Builder()
                    .nIn(vocabularySize)
                    .nOut(params.embeddingDim())
                    .build())
            .layer(
                LSTM_LAYER,
                new LastTimeStep(
                    new LSTM.Builder()
                        .nIn(params.embeddingDim())
                        .nOut(params.lstmUnits())
                        .activation(Activation.TANH)
                        .build()))
            .layer(
                OUTPUT_LAYER,
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nIn(params.lstmUnits())
                    .nOut(2)
                    .activation(Activation.SOFTMAX)
                    // DL4J's dropOut takes the probability of *keeping* a unit.
                    .dropOut(1.0 - params.dropout())
                    .build())
            .build();
    MultiLayerNetwork network = new MultiLayerNetwork(conf);
    network.init();
    return network;
  }
}
