package dev.spamflow.core.model;

import dev.spamflow.core.data.Splitter;
import java.util.Objects;

/**
 * Everything that decides a training run besides the data.
 *
 * @param hyperParameters network and optimiser settings (their seed also seeds the split)
 * @param validationFraction share of the data held out for early stopping and the threshold
 * @param testFraction share of the data held out for the final metrics
 * @param blockedHamCeiling largest acceptable share of ham called spam, on validation
 */
public record TrainingConfig(
    HyperParameters hyperParameters,
    double validationFraction,
    double testFraction,
    double blockedHamCeiling) {

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
