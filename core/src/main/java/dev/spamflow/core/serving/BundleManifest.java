package dev.spamflow.core.serving;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.spamflow.core.model.EpochRecord;
import dev.spamflow.core.model.HyperParameters;
import dev.spamflow.core.model.Metrics;
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
 * @param validation metrics on the validation split at {@code threshold}
 * @param test metrics on the held-out test split at {@code threshold}
 * @param baselineTest the naive-Bayes baseline on the same test split, its threshold chosen the
 *     same way: the bar the LSTM has to clear
 * @param history one record per training epoch
 * @param files SHA-256 (hex) of every other file in the bundle, by file name
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
    Map<String, String> files) {

  /** The bundle layout this version writes and the newest it reads. */
  public static final int FORMAT_VERSION = 1;

  /** File name of the manifest inside a bundle. */
  public static final String FILE_NAME = "bundle.json";

  /** Name under which spamflow registers its model. */
  public static final String MODEL_NAME = "spam-detector";

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
