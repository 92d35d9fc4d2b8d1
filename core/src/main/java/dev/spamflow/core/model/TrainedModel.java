package dev.spamflow.core.model;

import dev.spamflow.core.serving.BundleManifest;
import dev.spamflow.core.text.Vocabulary;
import java.util.Objects;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A trained model in memory: its manifest (file checksums are filled in when it is saved), its
 * vocabulary and its DL4J network.
 *
 * @param manifest description, provenance and metrics
 * @param vocabulary the vocabulary the network was trained with
 * @param network the trained network
 */
public record TrainedModel(
    BundleManifest manifest, Vocabulary vocabulary, MultiLayerNetwork network) {

  /** Checks that nothing is missing. */
  public TrainedModel {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(vocabulary, "vocabulary");
    Objects.requireNonNull(network, "network");
  }
}
