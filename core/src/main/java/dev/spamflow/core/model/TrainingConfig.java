package dev.spamflow.core.model;

import dev.spamflow.core.data.Splitter;
import dev.spamflow.core.serving.NgramFeatures;
import java.util.Objects;

/**
 * Everything that decides a training run besides the data.
 *
 * @param hyperParameters network and optimiser settings (their seed also seeds the split)
 * @param validationFraction share of the data in the split's validation part (recorded; the
 *     cross-validation uses the training and validation parts together as development data)
 * @param testFraction share of the data held out for the held-out metrics
 * @param blockedHamCeiling largest acceptable share of ham called spam on new data
 * @param folds folds of the cross-validation that chooses epochs, combiner and threshold
 * @param parallelism networks trained at once (folds, then the held-out and the final fit)
 * @param ngramBits log2 of the n-gram model's hash buckets ({@link NgramFeatures})
 */
public record TrainingConfig(
    HyperParameters hyperParameters,
    double validationFraction,
    double testFraction,
    double blockedHamCeiling,
    int folds,
    int parallelism,
    int ngramBits) {

  /** Folds unless told otherwise. */
  public static final int DEFAULT_FOLDS = 5;

  /**
   * Networks trained at once unless told otherwise: one per core, each on one ND4J thread (the
   * fastest way to use 2 cores, measured in docs/benchmarks.md).
   */
  public static final int DEFAULT_PARALLELISM =
      Math.max(1, Runtime.getRuntime().availableProcessors());

  /**
   * A configuration with the default folds and parallelism.
   *
   * @param hyperParameters network and optimiser settings
   * @param validationFraction share of the validation part
   * @param testFraction share of the test part
   * @param blockedHamCeiling the ceiling
   */
  public TrainingConfig(
      HyperParameters hyperParameters,
      double validationFraction,
      double testFraction,
      double blockedHamCeiling) {
    this(
        hyperParameters,
        validationFraction,
        testFraction,
        blockedHamCeiling,
        DEFAULT_FOLDS,
        DEFAULT_PARALLELISM,
        NgramFeatures.DEFAULT_BITS);
  }

  /**
   * Returns a copy with other folds, parallelism and hash size.
   *
   * @param newFolds folds of the cross-validation
   * @param newParallelism networks trained at once
   * @param newNgramBits log2 of the n-gram hash buckets
   * @return the copy
   */
  public TrainingConfig with(int newFolds, int newParallelism, int newNgramBits) {
    return new TrainingConfig(
        hyperParameters,
        validationFraction,
        testFraction,
        blockedHamCeiling,
        newFolds,
        newParallelism,
        newNgramBits);
  }

  /** Validation share used unless told otherwise (set in {@link Splitter}). */
  public static final double DEFAULT_VALIDATION_FRACTION = Splitter.DEFAULT_VALIDATION_FRACTION;

  /** Test share used unless told otherwise (set in {@link Splitter}). */
  public static final double DEFAULT_TEST_FRACTION = Splitter.DEFAULT_TEST_FRACTION;

  /**
   * Validates the fractions.
   *
   * @throws IllegalArgumentException when a fraction is out of range
   */
  public TrainingConfig {
    Objects.requireNonNull(hyperParameters, "hyperParameters");
    if (!(validationFraction > 0 && testFraction > 0 && validationFraction + testFraction < 0.9)) {
      throw new IllegalArgumentException(
          "validation and test fractions must be positive and leave at least 10 % for training,"
              + " were "
              + validationFraction
              + " and "
              + testFraction);
    }
    if (!(blockedHamCeiling >= 0 && blockedHamCeiling < 1)) {
      throw new IllegalArgumentException(
          "blocked-ham ceiling must be in [0, 1), was " + blockedHamCeiling);
    }
    if (folds < 2) {
      throw new IllegalArgumentException("cross-validation needs at least 2 folds, was " + folds);
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be positive, was " + parallelism);
    }
    if (ngramBits < NgramFeatures.MIN_BITS || ngramBits > NgramFeatures.MAX_BITS) {
      throw new IllegalArgumentException(
          "n-gram hash bits must be in "
              + NgramFeatures.MIN_BITS
              + ".."
              + NgramFeatures.MAX_BITS
              + ", was "
              + ngramBits);
    }
  }

  /** Returns the defaults around the given hyper-parameters. */
  public static TrainingConfig of(HyperParameters hyperParameters) {
    return new TrainingConfig(
        hyperParameters,
        DEFAULT_VALIDATION_FRACTION,
        DEFAULT_TEST_FRACTION,
        ThresholdSelector.DEFAULT_BLOCKED_HAM_CEILING);
  }
}
