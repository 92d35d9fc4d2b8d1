package dev.spamflow.inference.model;

import dev.spamflow.core.port.ModelRegistry;
import dev.spamflow.core.port.ModelVersion;
import dev.spamflow.core.serving.BundleFiles;
import dev.spamflow.core.serving.BundleManifest;
import dev.spamflow.core.serving.SpamPredictor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads models through the lean forward pass: from a bundle folder (or zip), or from a version in
 * the model registry. A registry version is downloaded to a temporary folder, loaded into memory
 * and the folder removed, so a long-running service leaves nothing behind on disk.
 */
public final class ModelLoader {

  private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);

  private final ModelRegistry registry;
  private final Path downloadDirectory;
  private final Clock clock;

  /**
   * Creates a loader.
   *
   * @param registry the registry versions are looked up and downloaded from
   * @param downloadDirectory where downloads are unpacked while loading (created if missing)
   * @param clock the time source for {@link LoadedModel#loadedAt()}
   */
  public ModelLoader(ModelRegistry registry, Path downloadDirectory, Clock clock) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.downloadDirectory = Objects.requireNonNull(downloadDirectory, "downloadDirectory");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Returns the version an alias names.
   *
   * @param model the registered model
   * @param alias e.g. {@code champion}
   * @return the version, or empty if the model or alias does not exist (yet)
   * @throws dev.spamflow.core.port.ModelRegistryException if the registry cannot be reached
   */
  public Optional<ModelVersion> lookup(String model, String alias) {
    return registry.versionByAlias(model, alias);
  }

  /**
   * Loads a bundle folder or zip; its version is {@code bundle-} and the first twelve hex digits of
   * the weights' SHA-256, so two different bundles never look alike in metrics.
   *
   * @param bundle a bundle folder or zip
   * @return the loaded model
   * @throws IOException naming the file when the bundle is missing, corrupt or of another format
   */
  public LoadedModel fromBundle(Path bundle) throws IOException {
    long start = System.nanoTime();
    SpamPredictor predictor = SpamPredictor.load(bundle);
    BundleManifest manifest = predictor.manifest();
    return new LoadedModel(
        manifest.nameOrDefault(),
        manifest.bundleVersion(),
        bundle.toAbsolutePath().toString(),
        predictor,
        clock.instant(),
        Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * Downloads and loads one registry version.
   *
   * @param model the registered model
   * @param version the version number
   * @return the loaded model
   * @throws IOException when the bundle is corrupt or cannot be downloaded
   * @throws dev.spamflow.core.port.RegistryEntryNotFoundException if the version does not exist
   */
  public LoadedModel fromRegistry(String model, int version) throws IOException {
    long start = System.nanoTime();
    Files.createDirectories(downloadDirectory);
    Path target = Files.createTempDirectory(downloadDirectory, model + "-" + version + "-");
    try {
      registry.downloadVersion(model, version, target);
      SpamPredictor predictor = SpamPredictor.load(BundleFiles.inDownload(target));
      return new LoadedModel(
          model,
          Integer.toString(version),
          "models:/" + model + "/" + version,
          predictor,
          clock.instant(),
          Duration.ofNanos(System.nanoTime() - start));
    } finally {
      deleteRecursively(target);
    }
  }

  // A leftover download wastes disk but must not hide why loading failed: warn and go on.
  private static void deleteRecursively(Path root) {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("could not remove the download folder {}: {}", root, e.toString());
    }
  }
}
