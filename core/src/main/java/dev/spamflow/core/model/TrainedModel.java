package dev.spamflow.core.model;

import dev.spamflow.core.drift.DriftEmbedder;
import dev.spamflow.core.drift.DriftReference;
import dev.spamflow.core.serving.BundleManifest;
import dev.spamflow.core.serving.NgramLinearModel;
import dev.spamflow.core.text.Vocabulary;
import java.util.Objects;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A trained model in memory: its manifest (file checksums are filled in when it is saved), its
 * vocabulary, its DL4J network and, in format 2, its n-gram model.
 *
 * @param manifest description, provenance and metrics
 * @param vocabulary the vocabulary the network was trained with
 * @param network the trained network
 * @param ngram the n-gram model the manifest's ensemble combines with the network; null exactly
 *     when the manifest has no ensemble (a format-1 bundle)
 * @param driftReference what the training messages looked like, for drift detection; null for a
 *     bundle written before bundles carried one
 * @param driftEmbedder the held-out twin that embeds messages for drift detection; null exactly
 *     when {@code driftReference} is
 */
public record TrainedModel(
    BundleManifest manifest,
    Vocabulary vocabulary,
    MultiLayerNetwork network,
    NgramLinearModel ngram,
    DriftReference driftReference,
    DriftEmbedder driftEmbedder) {

  /** Checks that nothing is missing. */
  public TrainedModel {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(vocabulary, "vocabulary");
    Objects.requireNonNull(network, "network");
    if ((driftReference == null) != (driftEmbedder == null)) {
      throw new IllegalArgumentException("the drift reference and its embedder must come together");
    }
    if (manifest.hasEnsemble() != (ngram != null)) {
      throw new IllegalArgumentException(
          "the manifest's ensemble and the n-gram model must come together");
    }
  }
}
