package dev.spamflow.core.model;

import dev.spamflow.core.drift.DriftEmbedder;
import dev.spamflow.core.drift.DriftReference;
import dev.spamflow.core.serving.BundleFiles;
import dev.spamflow.core.serving.BundleManifest;
import dev.spamflow.core.serving.LstmWeights;
import dev.spamflow.core.serving.ModelFiles;
import dev.spamflow.core.serving.NgramLinearModel;
import dev.spamflow.core.text.Vocabulary;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Writes and reads model bundles: one flat directory holding the DL4J network, the weights for the
 * fast forward pass, the n-gram model, the vocabulary, the charts and {@code bundle.json}
 * (configuration, threshold, metrics, data hashes, format version and a SHA-256 of every other
 * file) — and a zip of it.
 *
 * <p>A bundle is written into a temporary sibling directory and moved into place at the end, so a
 * reader never sees half a bundle. The manifest is written last, after the files it vouches for.
 */
public final class ModelBundle {

  private ModelBundle() {}

  /**
   * Saves a trained model as a bundle directory, replacing an earlier bundle there.
   *
   * @param model the trained model
   * @param directory where the bundle goes; created if missing
   * @return the manifest as written, with the file checksums
   * @throws IOException when writing fails, or when {@code directory} exists, is not empty and
   *     holds no bundle (nothing of the user's is overwritten)
   */
  public static BundleManifest save(TrainedModel model, Path directory) throws IOException {
    Path target = directory.toAbsolutePath().normalize();
    checkWritable(target);
    Files.createDirectories(target.getParent());
    Path staging = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".");
    // Temp directories are private (0700); a bundle is meant to be shared like any output folder.
    setPermissions(staging, "rwxr-xr-x");
    try {
      Map<String, byte[]> files = new LinkedHashMap<>();
      files.put(ModelFiles.VOCABULARY, vocabularyBytes(model.vocabulary(), staging));
      files.put(LstmWeights.FILE_NAME, weightsBytes(model.network()));
      if (model.ngram() != null) {
        ByteArrayOutputStream ngram = new ByteArrayOutputStream();
        model.ngram().write(ngram);
        files.put(NgramLinearModel.FILE_NAME, ngram.toByteArray());
      }
      files.put(ModelFiles.NETWORK, networkBytes(model.network()));
      if (model.driftReference() != null) {
        files.put(
            DriftReference.FILE_NAME, BundleFiles.JSON.writeValueAsBytes(model.driftReference()));
        files.putAll(model.driftEmbedder().files());
      }
      files.put(
          ModelFiles.TRAINING_CURVES,
          Charts.trainingCurves(model.manifest().history(), model.manifest().bestEpoch()));
      files.put(
          ModelFiles.CONFUSION_MATRIX,
          Charts.confusionMatrix(model.manifest().test(), "held-out test part"));
      Map<String, String> checksums = new TreeMap<>();
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        Files.write(staging.resolve(file.getKey()), file.getValue());
        checksums.put(file.getKey(), BundleFiles.sha256(file.getValue()));
      }
      BundleManifest manifest = model.manifest().withFiles(checksums);
      Files.write(
          staging.resolve(BundleManifest.FILE_NAME), BundleFiles.JSON.writeValueAsBytes(manifest));
      replace(staging, target);
      return manifest;
    } finally {
      deleteRecursively(staging);
    }
  }

  /**
   * Loads a bundle with its DL4J network, checking every file against the manifest.
   *
   * @param bundle a bundle directory or a zip of one
   * @return the model
   * @throws IOException naming the file when the bundle is missing, corrupt or of another format
   */
  public static TrainedModel load(Path bundle) throws IOException {
    BundleFiles files = BundleFiles.open(bundle);
    BundleManifest manifest = files.manifest();
    Vocabulary vocabulary = files.vocabulary(manifest);
    MultiLayerNetwork network;
    try (var in = new ByteArrayInputStream(files.readVerified(ModelFiles.NETWORK, manifest))) {
      network = ModelSerializer.restoreMultiLayerNetwork(in, false);
    } catch (IOException | RuntimeException e) {
      throw new IOException(
          bundle.resolve(ModelFiles.NETWORK) + ": not a loadable DL4J network: " + e.getMessage(),
          e);
    }
    return new TrainedModel(
        manifest,
        vocabulary,
        network,
        files.ngramModel(manifest),
        DriftReference.read(files, manifest),
        DriftEmbedder.read(files, manifest));
  }

  /**
   * Zips a bundle directory. Entries are sorted and carry a fixed time, so the same bundle always
   * gives the same zip bytes.
   *
   * @param directory a bundle directory
   * @param zipFile the zip to write (replaced atomically if it exists)
   * @throws IOException when reading or writing fails
   */
  public static void zip(Path directory, Path zipFile) throws IOException {
    Path target = zipFile.toAbsolutePath().normalize();
    Path staging = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(staging);
          ZipOutputStream zip = new ZipOutputStream(out);
          Stream<Path> listing = Files.list(directory)) {
        for (Path file : listing.filter(Files::isRegularFile).sorted().toList()) {
          ZipEntry entry = new ZipEntry(file.getFileName().toString());
          entry.setTime(0L);
          zip.putNextEntry(entry);
          Files.copy(file, zip);
          zip.closeEntry();
        }
      }
      setPermissions(staging, "rw-r--r--");
      Files.move(
          staging, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(staging);
    }
  }

  /**
   * Checks, before any work is spent, that a bundle may be written to a directory: it is missing,
   * empty, or holds an earlier bundle.
   *
   * @param directory where a bundle is to go
   * @throws FileAlreadyExistsException when it holds something else, which is never overwritten
   * @throws IOException when it cannot be inspected
   */
  public static void checkWritable(Path directory) throws IOException {
    if (Files.exists(directory) && !isEmptyDirectory(directory) && !isBundle(directory)) {
      throw new FileAlreadyExistsException(
          directory.toString(),
          null,
          "exists and is not a spamflow model bundle; not overwriting it");
    }
  }

  /** Returns whether a directory holds a bundle manifest. */
  public static boolean isBundle(Path directory) {
    return Files.isRegularFile(directory.resolve(BundleManifest.FILE_NAME));
  }

  private static byte[] vocabularyBytes(Vocabulary vocabulary, Path staging) throws IOException {
    Path file = staging.resolve(ModelFiles.VOCABULARY);
    vocabulary.write(file);
    return Files.readAllBytes(file);
  }

  private static byte[] weightsBytes(MultiLayerNetwork network) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LstmWeightsExporter.export(network).write(out);
    return out.toByteArray();
  }

  private static byte[] networkBytes(MultiLayerNetwork network) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // The updater state is for resuming training; a bundle is for predicting and comparing.
    ModelSerializer.writeModel(network, out, false);
    return out.toByteArray();
  }

  private static void setPermissions(Path path, String permissions) throws IOException {
    if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    }
  }

  private static boolean isEmptyDirectory(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      return false;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
      return !entries.iterator().hasNext();
    }
  }

  /** Swaps the staged bundle in: the old one is moved aside first and removed after. */
  private static void replace(Path staging, Path target) throws IOException {
    Path old = null;
    if (Files.exists(target)) {
      old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old.");
      Files.delete(old);
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    if (old != null) {
      deleteRecursively(old);
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
