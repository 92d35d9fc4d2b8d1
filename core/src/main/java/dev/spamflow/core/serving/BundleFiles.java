package dev.spamflow.core.serving;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.spamflow.core.text.TextFeatures;
import dev.spamflow.core.text.Vocabulary;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads the files of a model bundle, from its directory or from a zip of it, and checks each
 * against the SHA-256 recorded in {@code bundle.json}.
 */
public final class BundleFiles {

  /** The one JSON mapper for bundle files: stable field order, pretty, unknown fields tolerated. */
  public static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path location;
  private final Map<String, byte[]> zipped;

  private BundleFiles(Path location, Map<String, byte[]> zipped) {
    this.location = location;
    this.zipped = zipped;
  }

  /**
   * Opens a bundle.
   *
   * @param location a bundle directory, or a {@code .zip} of one
   * @return a reader of the bundle's files
   * @throws IOException when the location is missing or the zip cannot be read
   */
  public static BundleFiles open(Path location) throws IOException {
    if (Files.isDirectory(location)) {
      return new BundleFiles(location, null);
    }
    if (!Files.isRegularFile(location)) {
      throw new NoSuchFileException(
          location.toString(), null, "no model bundle here (expected a directory or a .zip)");
    }
    Map<String, byte[]> entries = new HashMap<>();
    try (ZipFile zip = new ZipFile(location.toFile())) {
      for (ZipEntry entry : Collections.list(zip.entries())) {
        if (entry.isDirectory()) {
          continue;
        }
        // Bundles are flat; keep only the last path element so a zip of "dir/" works too.
        String name = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
        try (InputStream in = zip.getInputStream(entry)) {
          entries.put(name, in.readAllBytes());
        }
      }
    } catch (ZipException e) {
      throw new IOException(
          location + ": not a model bundle directory or zip: " + e.getMessage(), e);
    }
    return new BundleFiles(location, Map.copyOf(entries));
  }

  /** Returns where the bundle was opened from. */
  public Path location() {
    return location;
  }

  /**
   * Reads and parses {@code bundle.json}.
   *
   * @return the manifest
   * @throws IOException when it is missing, unparsable, or of a newer format version
   */
  public BundleManifest manifest() throws IOException {
    byte[] bytes = read(BundleManifest.FILE_NAME);
    BundleManifest manifest;
    try {
      manifest = JSON.readValue(bytes, BundleManifest.class);
    } catch (IOException e) {
      throw new IOException(
          describe(BundleManifest.FILE_NAME) + ": not a valid bundle manifest: " + e.getMessage(),
          e);
    }
    if (manifest.formatVersion() < 1 || manifest.formatVersion() > BundleManifest.FORMAT_VERSION) {
      throw new IOException(
          describe(BundleManifest.FILE_NAME)
              + ": bundle format version "
              + manifest.formatVersion()
              + " is not supported (this spamflow reads 1 to "
              + BundleManifest.FORMAT_VERSION
              + ")");
    }
    if (manifest.files() == null || manifest.hyperParameters() == null) {
      throw new IOException(
          describe(BundleManifest.FILE_NAME) + ": missing field 'files' or 'hyperParameters'");
    }
    // Bundles from before the field was recorded were trained with version 1.
    int tokeniser = manifest.tokeniserVersion() == null ? 1 : manifest.tokeniserVersion();
    if (tokeniser != TextFeatures.VERSION) {
      throw new IOException(
          describe(BundleManifest.FILE_NAME)
              + ": the model was trained on tokeniser version "
              + tokeniser
              + ", this spamflow tokenises with version "
              + TextFeatures.VERSION
              + "; retrain it with this version (its predictions would be on other tokens)");
    }
    return manifest;
  }

  /**
   * Reads a file of the bundle and checks it against the manifest's SHA-256.
   *
   * @param name file name inside the bundle
   * @param manifest the bundle's manifest
   * @return the file's bytes
   * @throws IOException when the file is missing, not listed in the manifest, or differs from it
   */
  public byte[] readVerified(String name, BundleManifest manifest) throws IOException {
    String expected = manifest.files().get(name);
    if (expected == null) {
      throw new IOException(describe(BundleManifest.FILE_NAME) + ": lists no checksum for " + name);
    }
    byte[] bytes = read(name);
    String actual = sha256(bytes);
    if (!actual.equalsIgnoreCase(expected)) {
      throw new IOException(
          describe(name)
              + ": checksum mismatch (bundle.json says "
              + expected
              + ", file has "
              + actual
              + "); the bundle is corrupt or was edited");
    }
    return bytes;
  }

  /**
   * Reads the bundle's vocabulary, checked against the manifest.
   *
   * @param manifest the bundle's manifest
   * @return the vocabulary the network was trained with
   * @throws IOException when the file is missing, differs from the manifest or is malformed
   */
  public Vocabulary vocabulary(BundleManifest manifest) throws IOException {
    return Vocabulary.read(
        new ByteArrayInputStream(readVerified(ModelFiles.VOCABULARY, manifest)),
        describe(ModelFiles.VOCABULARY));
  }

  /**
   * Reads the bundle's n-gram model, checked against the manifest.
   *
   * @param manifest the bundle's manifest
   * @return the n-gram half, or null for a bundle without an ensemble (format 1)
   * @throws IOException naming the file when it is missing, differs from the manifest or is
   *     malformed
   */
  public NgramLinearModel ngramModel(BundleManifest manifest) throws IOException {
    if (!manifest.hasEnsemble()) {
      return null;
    }
    try (var in = new ByteArrayInputStream(readVerified(NgramLinearModel.FILE_NAME, manifest))) {
      return NgramLinearModel.read(in);
    } catch (IOException e) {
      throw new IOException(describe(NgramLinearModel.FILE_NAME) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Finds the bundle inside a registry download: the folder itself when it holds {@code
   * bundle.json}, else the shallowest sub-folder that does (registries keep the artifact path's
   * last segment).
   *
   * @param download the downloaded folder
   * @return the bundle's folder
   * @throws IOException when no folder in the download holds a manifest
   */
  public static Path inDownload(Path download) throws IOException {
    if (Files.isRegularFile(download.resolve(BundleManifest.FILE_NAME))) {
      return download;
    }
    try (Stream<Path> found = Files.walk(download, 3)) {
      return found
          .filter(p -> p.getFileName().toString().equals(BundleManifest.FILE_NAME))
          .map(Path::getParent)
          .min(Comparator.comparingInt(Path::getNameCount))
          .orElseThrow(
              () ->
                  new IOException(
                      download + ": the downloaded version holds no " + BundleManifest.FILE_NAME));
    }
  }

  /**
   * Reads a file of the bundle without checking it.
   *
   * @param name file name inside the bundle
   * @return its bytes
   * @throws IOException when it is missing
   */
  public byte[] read(String name) throws IOException {
    if (zipped != null) {
      byte[] bytes = zipped.get(name);
      if (bytes == null) {
        throw new NoSuchFileException(describe(name), null, "missing from the model bundle");
      }
      return bytes;
    }
    Path file = location.resolve(name);
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "missing from the model bundle");
    }
    return Files.readAllBytes(file);
  }

  private String describe(String name) {
    return zipped != null ? location + "!" + name : location.resolve(name).toString();
  }

  /** Returns the SHA-256 of the bytes as lower-case hex. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
