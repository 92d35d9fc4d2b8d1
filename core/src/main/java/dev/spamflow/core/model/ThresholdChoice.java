package dev.spamflow.core.model;

/**
 * How a bundle's threshold was chosen, and what it promises.
 *
 * @param rule the rule's name ({@value #CROSS_CONFORMAL})
 * @param folds folds of the cross-validation whose out-of-fold scores were used
 * @param ham out-of-fold ham scores the threshold was chosen from
 * @param spam out-of-fold spam scores
 * @param ceiling the blocked-ham ceiling asked for
 * @param ceilingSupported whether {@code ham} is large enough for the ceiling to be guaranteed at
 *     all: {@code 1 / (ham + 1) <= ceiling}
 * @param bound the guarantee at the chosen threshold: the expected share of new ham it blocks is at
 *     most this, {@code (blocked + 1) / (ham + 1)}; at most {@code ceiling} when supported
 * @param blockedHam out-of-fold ham at or above the threshold
 * @param recall out-of-fold share of spam at or above the threshold
 * @param note empty when the ceiling is met as asked; otherwise one line saying what was done
 *     instead and why, the same line {@code train} prints
 */
public record ThresholdChoice(
    String rule,
    int folds,
    int ham,
    int spam,
    double ceiling,
    boolean ceilingSupported,
    double bound,
    int blockedHam,
    double recall,
    String note) {

  /** Cross-validated split-conformal selection (see {@code model.ThresholdSelector}). */
  public static final String CROSS_CONFORMAL = "cross-conformal";
}
