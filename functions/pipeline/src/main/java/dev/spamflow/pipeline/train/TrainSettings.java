package dev.spamflow.pipeline.train;

import dev.spamflow.core.model.HyperParameters;
import dev.spamflow.core.model.ThresholdSelector;
import dev.spamflow.pipeline.feedback.FeedbackSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What the train stage can be told.
 *
 * @param space the hyper-parameter values trials are drawn from
 * @param base every other knob (sequence length, vocabulary, learning rate, patience of early
 *     stopping) and the seed that draws the trials and seeds each one
 * @param trialBudget how many trials to run
 * @param maxEpochs a cap on every trial's epochs, below the space's own values when a run must be
 *     short
 * @param parallelism trials run at once; on 2 cores one trial at a time with one ND4J thread was
 *     fastest, so more only pays with more cores
 * @param blockedHamCeiling the blocked-ham ceiling each trial's threshold is chosen under
 * @param experiment the registry experiment the runs go to
 * @param tempDirectory where parts and bundles are staged
 * @param lease how long an unfinished attempt's marker ({@code training/<id>/started.json}) keeps
 *     another delivery from taking it over after the attempt last showed it was alive (at every
 *     trial and epoch); {@link Duration#ZERO} where no other attempt can be alive, as in a process
 *     that holds its data directory's lock
 * @param feedback how much user feedback a retraining adds to its training part (a dataset's first
 *     search takes none)
 */
public record TrainSettings(
    SearchSpace space,
    HyperParameters base,
    int trialBudget,
    int maxEpochs,
    int parallelism,
    double blockedHamCeiling,
    String experiment,
    Path tempDirectory,
    Duration lease,
    FeedbackSettings feedback) {

  /**
   * How long a silent attempt keeps its dataset: longer than the slowest epoch seen (an e-mail fold
   * epoch takes about a minute on 2 cores), shorter than Knative's retry back-off adds up to.
   */
  public static final Duration DEFAULT_LEASE = Duration.ofMinutes(5);

  /** The experiment runs go to unless told otherwise. */
  public static final String DEFAULT_EXPERIMENT = "spamflow-training";

  /**
   * The default space, core's default hyper-parameters as the base, 3 trials, no epoch cap below
   * the space's largest value, one trial at a time, core's default ceiling, staging in {@code
   * java.io.tmpdir}.
   */
  public static final TrainSettings DEFAULT =
      new TrainSettings(
          SearchSpace.DEFAULT,
          HyperParameters.DEFAULTS,
          3,
          30,
          1,
          ThresholdSelector.DEFAULT_BLOCKED_HAM_CEILING,
          DEFAULT_EXPERIMENT,
          Path.of(System.getProperty("java.io.tmpdir")),
          DEFAULT_LEASE,
          FeedbackSettings.DEFAULT);

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException if a count is below 1 or the ceiling is out of [0, 1)
   */
  public TrainSettings {
    Objects.requireNonNull(space, "space");
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(tempDirectory, "tempDirectory");
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(feedback, "feedback");
    if (lease.isNegative()) {
      throw new IllegalArgumentException("lease must not be negative but was " + lease);
    }
    if (trialBudget < 1 || maxEpochs < 1 || parallelism < 1) {
      throw new IllegalArgumentException(
          "trialBudget, maxEpochs and parallelism must be at least 1 but were "
              + trialBudget
              + ", "
              + maxEpochs
              + " and "
              + parallelism);
    }
    if (!(blockedHamCeiling >= 0 && blockedHamCeiling < 1)) {
      throw new IllegalArgumentException(
          "blockedHamCeiling must be in [0, 1) but was " + blockedHamCeiling);
    }
  }

  /**
   * Returns these settings with another lease.
   *
   * @param newLease see {@link #lease()}
   * @return a copy
   */
  public TrainSettings withLease(Duration newLease) {
    return new TrainSettings(
        space,
        base,
        trialBudget,
        maxEpochs,
        parallelism,
        blockedHamCeiling,
        experiment,
        tempDirectory,
        newLease,
        feedback);
  }

  /**
   * Returns these settings with other feedback caps.
   *
   * @param newFeedback see {@link #feedback()}
   * @return a copy
   */
  public TrainSettings withFeedback(FeedbackSettings newFeedback) {
    return new TrainSettings(
        space,
        base,
        trialBudget,
        maxEpochs,
        parallelism,
        blockedHamCeiling,
        experiment,
        tempDirectory,
        lease,
        newFeedback);
  }
}
