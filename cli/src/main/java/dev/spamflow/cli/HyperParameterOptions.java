package dev.spamflow.cli;

import dev.spamflow.core.model.HyperParameters;
import dev.spamflow.core.model.ThresholdSelector;
import dev.spamflow.core.model.TrainingConfig;
import picocli.CommandLine.Option;

/**
 * The hyper-parameter options of {@code train}. Unset options fall back to {@link
 * HyperParameters#DEFAULTS}, the one place defaults are kept.
 */
final class HyperParameterOptions {

  @Option(
      names = "--embedding-dim",
      paramLabel = "N",
      description = "Embedding size (default: ${default.embeddingDim}).")
  Integer embeddingDim;

  @Option(
      names = "--lstm-units",
      paramLabel = "N",
      description = "LSTM units (default: ${default.lstmUnits}).")
  Integer lstmUnits;

  @Option(
      names = "--dropout",
      paramLabel = "P",
      description = "Dropout probability (default: ${default.dropout}).")
  Double dropout;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description = "Mini-batch size (default: ${default.batchSize}).")
  Integer batchSize;

  @Option(
      names = "--epochs",
      paramLabel = "N",
      description = "Epoch budget; early stopping may end sooner (default: ${default.epochs}).")
  Integer epochs;

  @Option(
      names = "--max-len",
      paramLabel = "N",
      description = "Tokens kept per message (default: ${default.maxLen}).")
  Integer maxLen;

  @Option(
      names = "--vocab-size",
      paramLabel = "N",
      description = "Vocabulary cap (default: ${default.vocabSize}).")
  Integer vocabSize;

  @Option(
      names = "--min-token-count",
      paramLabel = "N",
      description = "Occurrences a token needs for its own id (default: ${default.minTokenCount}).")
  Integer minTokenCount;

  @Option(
      names = "--l2",
      paramLabel = "C",
      description = "L2 weight decay (default: ${default.l2}).")
  Double l2;

  @Option(
      names = "--learning-rate",
      paramLabel = "R",
      description = "Adam learning rate (default: ${default.learningRate}).")
  Double learningRate;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seed of initialisation, shuffling and split (default: ${default.seed}).")
  Long seed;

  @Option(
      names = "--patience",
      paramLabel = "N",
      description =
          "Epochs without a lower out-of-fold loss before the cross-validation stops (default: ${default.patience}).")
  Integer patience;

  /** Returns the hyper-parameters: given options over the defaults. */
  HyperParameters resolve() {
    HyperParameters d = HyperParameters.DEFAULTS;
    return new HyperParameters(
        embeddingDim != null ? embeddingDim : d.embeddingDim(),
        lstmUnits != null ? lstmUnits : d.lstmUnits(),
        dropout != null ? dropout : d.dropout(),
        batchSize != null ? batchSize : d.batchSize(),
        epochs != null ? epochs : d.epochs(),
        maxLen != null ? maxLen : d.maxLen(),
        vocabSize != null ? vocabSize : d.vocabSize(),
        minTokenCount != null ? minTokenCount : d.minTokenCount(),
        learningRate != null ? learningRate : d.learningRate(),
        l2 != null ? l2 : d.l2(),
        seed != null ? seed : d.seed(),
        patience != null ? patience : d.patience());
  }

  /** Publishes the defaults as {@code default.*} system properties for the help text. */
  static void publishDefaults() {
    System.setProperty(
        "default.blockedHamCeiling", String.valueOf(ThresholdSelector.DEFAULT_BLOCKED_HAM_CEILING));
    System.setProperty(
        "default.validationFraction", String.valueOf(TrainingConfig.DEFAULT_VALIDATION_FRACTION));
    System.setProperty(
        "default.testFraction", String.valueOf(TrainingConfig.DEFAULT_TEST_FRACTION));
    System.setProperty("default.folds", String.valueOf(TrainingConfig.DEFAULT_FOLDS));
    HyperParameters d = HyperParameters.DEFAULTS;
    System.setProperty("default.embeddingDim", String.valueOf(d.embeddingDim()));
    System.setProperty("default.lstmUnits", String.valueOf(d.lstmUnits()));
    System.setProperty("default.dropout", String.valueOf(d.dropout()));
    System.setProperty("default.batchSize", String.valueOf(d.batchSize()));
    System.setProperty("default.epochs", String.valueOf(d.epochs()));
    System.setProperty("default.maxLen", String.valueOf(d.maxLen()));
    System.setProperty("default.vocabSize", String.valueOf(d.vocabSize()));
    System.setProperty("default.minTokenCount", String.valueOf(d.minTokenCount()));
    System.setProperty("default.learningRate", String.valueOf(d.learningRate()));
    System.setProperty("default.l2", String.valueOf(d.l2()));
    System.setProperty("default.seed", String.valueOf(d.seed()));
    System.setProperty("default.patience", String.valueOf(d.patience()));
  }
}
