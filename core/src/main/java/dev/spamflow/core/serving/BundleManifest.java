package dev.spamflow.core.serving;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.spamflow.core.model.EpochRecord;
import dev.spamflow.core.model.HyperParameters;
import dev.spamflow.core.model.Metrics;
import dev.spamflow.core.model.ThresholdChoice;
import java.util.List;
import java.util.Map;

/**
 * The {@code bundle.json} of a model bundle: what the model is, how it was trained, on which data,
 * how well it did, and a SHA-256 of every other file in the bundle.
 *
 * @param formatVersion bundle layout version; a reader refuses versions newer than it knows
 * @param modelName registered model name
 * @param createdAt ISO-8601 instant the bundle was written
 * @param hyperParameters the training hyper-parameters
 * @param vocabularySize entries in {@code vocabulary.txt}, padding and OOV included
 * @param threshold spam probability at or above which a message is spam
 * @param blockedHamCeiling the blocked-ham ceiling the threshold was chosen under
 * @param bestEpoch the epoch whose weights were kept
 * @param data provenance of the training data
 * @param validation format 2: out-of-fold metrics of the cross-validation over the development data
 *     at {@code threshold}; format 1: metrics on the validation split
 * @param test held-out metrics: a model trained on the development data only, with the same epochs,
 *     combiner and threshold, scored on the test part it never saw (format 2); in format 1, the
 *     shipped model on the test split
 * @param baselineTest the naive-Bayes baseline on the same test part, its threshold chosen the same
 *     way: the bar the model has to clear
 * @param history one record per epoch: in format 2 of the cross-validation (train loss averaged
 *     over the folds, validation figures out of fold)
 * @param files SHA-256 (hex) of every other file in the bundle, by file name
 * @param ensemble format 2: how the LSTM and the n-gram model are combined; null in format 1 (the
 *     LSTM alone)
 * @param thresholdChoice format 2: how the threshold was chosen and what it guarantees; null in
 *     format 1
 * @param crossValidation format 2: what the cross-validation measured; null in format 1
 * @param refit format 2: what the shipped model was finally trained on; null in format 1
 * @param codeVersion the code that trained it ({@code BuildInfo.codeVersion()}: Maven version and
 *     git commit); null in bundles written before it was recorded
 * @param tokeniserVersion {@code TextFeatures.VERSION} at training; null in bundles written before
 *     it was recorded (which used version 1)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BundleManifest(
    int formatVersion,
    String modelName,
    String createdAt,
    HyperParameters hyperParameters,
    int vocabularySize,
    double threshold,
    double blockedHamCeiling,
    int bestEpoch,
    DataProvenance data,
    Metrics validation,
    Metrics test,
    Metrics baselineTest,
    List<EpochRecord> history,
    Map<String, String> files,
    Ensemble ensemble,
    ThresholdChoice thresholdChoice,
    CrossValidation crossValidation,
    Refit refit,
    String codeVersion,
    Integer tokeniserVersion) {

  /**
   * The bundle layout this version writes and the newest it reads. Version 3 added the message's
   * shape to the n-gram model (its file's version 2, {@link MessageShape}), so that a build which
   * cannot score it refuses the bundle by its manifest; version 2 added the n-gram model ({@link
   * NgramLinearModel#FILE_NAME}) and the four last fields; versions 1 (the LSTM alone) and 2 still
   * load.
   */
  public static final int FORMAT_VERSION = 3;

  /**
   * Returns whether the bundle holds an n-gram model combined with the LSTM (format 2 on). Not
   * named {@code isEnsemble}: Jackson would take that for a property and clash with {@code
   * ensemble}.
   */
  public boolean hasEnsemble() {
    return ensemble != null;
  }

  /**
   * Returns a copy with the file checksums set.
   *
   * @param checksums SHA-256 per file name
   * @return the same manifest with {@code files} replaced
   */
  public BundleManifest withFiles(Map<String, String> checksums) {
    return new BundleManifest(
        formatVersion,
        modelName,
        createdAt,
        hyperParameters,
        vocabularySize,
        threshold,
        blockedHamCeiling,
        bestEpoch,
        data,
        validation,
        test,
        baselineTest,
        history,
        Map.copyOf(checksums),
        ensemble,
        thresholdChoice,
        crossValidation,
        refit,
        codeVersion,
        tokeniserVersion);
  }

  /**
   * What the cross-validation over the development data measured, out of fold: every message scored
   * by models that never trained on it.
   *
   * @param folds number of folds
   * @param messages development messages (every one scored once)
   * @param epochs LSTM epochs chosen: the last epoch that lowered the ensemble's out-of-fold loss
   *     significantly; 0 when none did and the model is the n-gram model alone (bundles written
   *     before 2026-12-06 chose the LSTM's own lowest out-of-fold loss)
   * @param lstmRocAuc ROC-AUC of the LSTM alone (at the chosen epoch, else the last one run)
   * @param ngramRocAuc ROC-AUC of the n-gram model alone
   * @param ensembleRocAuc ROC-AUC of the combination
   * @param seconds wall-clock time of the cross-validation
   * @param ngramOnlyLoss mean out-of-fold cross-entropy of the n-gram model alone; 0 in bundles
   *     written before it was recorded
   * @param ensembleLoss the same of the chosen ensemble (equal to {@code ngramOnlyLoss} when the
   *     LSTM earned no epoch); 0 in bundles written before
   * @param lstmImprovementZ by how many standard errors the chosen epoch lowered the ensemble's
   *     loss; 0 when the LSTM earned none
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record CrossValidation(
      int folds,
      int messages,
      int epochs,
      double lstmRocAuc,
      double ngramRocAuc,
      double ensembleRocAuc,
      double seconds,
      double ngramOnlyLoss,
      double ensembleLoss,
      double lstmImprovementZ) {}

  /**
   * What the shipped model was trained on: every message given, after the held-out evaluation.
   *
   * @param messages messages the shipped model learnt from (development and test parts)
   * @param epochs LSTM epochs, as chosen by the cross-validation
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Refit(int messages, int epochs) {}

  /** File name of the manifest inside a bundle. */
  public static final String FILE_NAME = "bundle.json";

  /** Name under which spamflow registers its model. */
  public static final String MODEL_NAME = "spam-detector";

  /**
   * The name a bundle loaded outside the registry goes by: its own, else {@link #MODEL_NAME}.
   *
   * @return the model name
   */
  public String nameOrDefault() {
    return modelName != null ? modelName : MODEL_NAME;
  }

  /**
   * The version a bundle loaded outside the registry goes by: {@code bundle-} and the first twelve
   * hex digits of the weights' SHA-256, so two different bundles never look alike in metrics or
   * scores.
   *
   * @return e.g. {@code bundle-3f2a9c01b7de}
   */
  public String bundleVersion() {
    String weightsHash = files().getOrDefault(LstmWeights.FILE_NAME, "");
    return "bundle-" + (weightsHash.length() >= 12 ? weightsHash.substring(0, 12) : "unknown");
  }

  /**
   * Where the training data came from, so a run can be reproduced and compared.
   *
   * @param sources the input files, as given
   * @param contentHash SHA-256 of the deduplicated messages, independent of input order
   * @param trainHash SHA-256 of the training split
   * @param validationHash SHA-256 of the validation split
   * @param testHash SHA-256 of the test split
   * @param read rows read
   * @param rejected rows rejected
   * @param duplicates rows dropped as duplicates
   * @param trainCount messages in the training split
   * @param validationCount messages in the validation split
   * @param testCount messages in the test split
   * @param splitSeed seed of the split
   * @param validationFraction share of the data in the validation split
   * @param testFraction share of the data in the test split
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record DataProvenance(
      List<String> sources,
      String contentHash,
      String trainHash,
      String validationHash,
      String testHash,
      long read,
      long rejected,
      long duplicates,
      int trainCount,
      int validationCount,
      int testCount,
      long splitSeed,
      double validationFraction,
      double testFraction) {}
}
