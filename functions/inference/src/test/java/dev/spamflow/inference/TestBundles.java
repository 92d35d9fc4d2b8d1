package dev.spamflow.inference;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spamflow.core.port.ExperimentTracker;
import dev.spamflow.core.port.ModelRegistry;
import dev.spamflow.core.port.ModelVersion;
import dev.spamflow.core.port.Run;
import dev.spamflow.core.port.RunStatus;
import dev.spamflow.core.serving.BundleFiles;
import dev.spamflow.core.serving.BundleManifest;
import dev.spamflow.core.serving.LstmWeights;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Real model bundles for tests: the bundle a previous release saved in core's test resources
 * ({@code bundles/sms-small-v1}, trained on the SMS Spam Collection), copies of it with another
 * threshold (a distinguishable "new version"), and corrupt copies.
 */
public final class TestBundles {

  private static final String SAVED = "/bundles/sms-small-v1/";

  private TestBundles() {}

  /** Copies the saved bundle out of core's test jar into {@code target}. */
  public static Path saved(Path target) {
    try {
      Files.createDirectories(target);
      byte[] manifestBytes = resource(BundleManifest.FILE_NAME);
      Files.write(target.resolve(BundleManifest.FILE_NAME), manifestBytes);
      BundleManifest manifest = BundleFiles.JSON.readValue(manifestBytes, BundleManifest.class);
      for (String name : manifest.files().keySet()) {
        Files.write(target.resolve(name), resource(name));
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The saved bundle with another decision threshold: same weights, different answers near the
   * boundary, and a manifest that tells the versions apart.
   */
  public static Path withThreshold(Path target, double threshold) {
    saved(target);
    try {
      Path manifest = target.resolve(BundleManifest.FILE_NAME);
      ObjectNode json = (ObjectNode) BundleFiles.JSON.readTree(manifest.toFile());
      json.put("threshold", threshold);
      BundleFiles.JSON.writeValue(manifest.toFile(), json);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The saved bundle with one byte of its weights flipped: its checksum no longer matches. */
  public static Path corrupt(Path target) {
    saved(target);
    try {
      Path weights = target.resolve(LstmWeights.FILE_NAME);
      byte[] bytes = Files.readAllBytes(weights);
      bytes[bytes.length / 2] ^= 0x5A;
      Files.write(weights, bytes);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Registers a bundle folder as a new version of {@code spam-detector} and, if given, points an
   * alias at it: what the register stage does.
   *
   * @param registry the service's registry; the run the version comes from is tracked in it too, so
   *     it must be an adapter that is also the tracker (embedded or MLflow, as every one is)
   * @return the new version
   */
  public static ModelVersion register(ModelRegistry registry, Path bundle, Optional<String> alias) {
    if (!(registry instanceof ExperimentTracker tracker)) {
      throw new IllegalArgumentException(
          registry.getClass().getName() + " tracks no runs to register a version from");
    }
    Run run = tracker.startRun("inference-tests", Optional.empty(), Map.of());
    tracker.uploadArtifacts(run.id(), bundle, "model");
    tracker.finishRun(run.id(), RunStatus.FINISHED);
    ModelVersion version =
        registry.registerVersion(BundleManifest.MODEL_NAME, run.id(), "model", Map.of());
    alias.ifPresent(a -> registry.setAlias(BundleManifest.MODEL_NAME, a, version.version()));
    return version;
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = TestBundles.class.getResourceAsStream(SAVED + name)) {
      if (in == null) {
        throw new IOException(
            SAVED + name + " is not on the test classpath (it comes with core's test-jar)");
      }
      return in.readAllBytes();
    }
  }
}
