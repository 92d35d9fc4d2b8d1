package dev.spamflow.core.serving;

/** Names of the files inside a model bundle. */
public final class ModelFiles {

  /** The vocabulary, one token per line, line number = id. */
  public static final String VOCABULARY = "vocabulary.txt";

  /** The DL4J network (training engine and reference implementation). */
  public static final String NETWORK = "network.zip";

  /**
   * The LSTM's training and out-of-fold loss and out-of-fold F1 per cross-validation epoch, as a
   * PNG chart.
   */
  public static final String TRAINING_CURVES = "training-curves.png";

  /** The test split's confusion matrix, as a PNG chart. */
  public static final String CONFUSION_MATRIX = "confusion-matrix.png";

  private ModelFiles() {}
}
