package dev.spamflow.pipeline.score;

import dev.spamflow.core.port.ModelRegistry;
import dev.spamflow.core.port.ModelVersion;
import dev.spamflow.core.serving.BundleFiles;
import dev.spamflow.core.serving.BundleManifest;
import dev.spamflow.core.serving.SpamPredictor;
import dev.spamflow.pipeline.StagedFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The model a scoring run uses, with the name and version written on every row.
 *
 * @param name the model's name
 * @param version its registry version, or {@code bundle-<sha>} for a bundle given by path
 * @param predictor the loaded model (the lean forward pass, no ND4J)
 */
public record ScoringModel(String name, String version, SpamPredictor predictor) {

  /** Checks the components. */
  public ScoringModel {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(predictor, "predictor");
  }

  /**
   * Loads a bundle folder or zip.
   *
   * @param bundle the bundle
   * @return the model, named as its manifest says and versioned by its weights' hash
   * @throws IOException naming the file when the bundle is missing, corrupt or of another format
   */
  public static ScoringModel fromBundle(Path bundle) throws IOException {
    SpamPredictor predictor = SpamPredictor.load(bundle);
    BundleManifest manifest = predictor.manifest();
    return new ScoringModel(manifest.nameOrDefault(), manifest.bundleVersion(), predictor);
  }

  /**
   * Downloads and loads the version an alias names; the download is removed once loaded.
   *
   * @param registry the registry
   * @param model the registered model, e.g. {@code spam-detector}
   * @param alias e.g. {@code champion}
   * @param tempDirectory where the download is unpacked while loading
   * @return the model
   * @throws IllegalStateException when the model has no such alias (nothing was promoted yet)
   * @throws IOException when the bundle is corrupt
   * @throws dev.spamflow.core.port.ModelRegistryException if the registry cannot be reached
   */
  public static ScoringModel fromRegistry(
      ModelRegistry registry, String model, String alias, Path tempDirectory) throws IOException {
    ModelVersion version =
        registry
            .versionByAlias(model, alias)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "model '"
                            + model
                            + "' has no '"
                            + alias
                            + "' version in the registry: train and promote one first, or"
                            + " score with --model DIR"));
    try (StagedFiles download = StagedFiles.create(tempDirectory, "score-model-")) {
      Path target = download.file("bundle");
      registry.downloadVersion(model, version.version(), target);
      return new ScoringModel(
          model,
          Integer.toString(version.version()),
          SpamPredictor.load(BundleFiles.inDownload(target)));
    }
  }
}
