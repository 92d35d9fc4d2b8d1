package dev.spamflow.pipeline.train;

import dev.spamflow.pipeline.DatasetRef;
import java.util.List;
import java.util.Objects;

/**
 * What one step of a fanned-out search did: {@link TrainFunction#prepare} or {@link
 * TrainFunction#trial}. The select step ends the search and returns a {@link TrainResult}.
 *
 * @param status how the step ended
 * @param dataset the dataset
 * @param runId the search's parent run; {@code ""} when there is none ({@link
 *     Status#CURATED_MISSING})
 * @param trials the plan's trial numbers (prepare), or the one trial (trial)
 * @param trialRunId the trial's child run; {@code ""} for prepare
 * @param validationF1 the trial's cross-validated F1; 0 for prepare or a stopped trial
 * @param detail a line for a person: why nothing was done, why a trial was stopped
 */
public record SearchStep(
    Status status,
    DatasetRef dataset,
    String runId,
    List<Integer> trials,
    String trialRunId,
    double validationF1,
    String detail) {

  /** How a step ended. */
  public enum Status {
    /** The search has its run and its plan; the trials can start. */
    PLANNED,
    /** The trial trained to the end (now or before); its bundle is a candidate. */
    TRIAL_FINISHED,
    /** The trial was hopeless and stopped early (now or before); no candidate. */
    TRIAL_STOPPED,
    /** The search had finished before: nothing to do; the select step announces its result. */
    SEARCH_FINISHED,
    /** There is no curated manifest for the dataset. */
    CURATED_MISSING
  }

  /** Copies the list and checks for nulls. */
  public SearchStep {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(runId, "runId");
    trials = List.copyOf(trials);
    Objects.requireNonNull(trialRunId, "trialRunId");
    Objects.requireNonNull(detail, "detail");
  }
}
