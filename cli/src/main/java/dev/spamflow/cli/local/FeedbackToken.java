package dev.spamflow.cli.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The token {@code spamflow up}'s API wants on {@code /api/feedback}: made once per data folder
 * (256 random bits, readable by the owner only) and kept in {@value #FILE_NAME}, so a restart keeps
 * it and a script can read it.
 */
public final class FeedbackToken {

  /** The file under the data folder. */
  public static final String FILE_NAME = "feedback-token";

  private FeedbackToken() {}

  /**
   * Returns the token file of a data folder, creating it with a fresh token when absent.
   *
   * @param dataDirectory the data folder
   * @return the file
   * @throws IOException if it cannot be created or is empty
   */
  public static Path ensure(Path dataDirectory) throws IOException {
    Path file = dataDirectory.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      byte[] secret = new byte[32];
      new SecureRandom().nextBytes(secret);
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
      Files.createDirectories(dataDirectory);
      try {
        if (Files.getFileStore(dataDirectory).supportsFileAttributeView("posix")) {
          Files.createFile(
              file,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
          Files.createFile(file);
        }
        Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
      } catch (FileAlreadyExistsException raced) {
        // Another process made it first; its token stands.
      }
    }
    if (Files.readString(file, StandardCharsets.UTF_8).isBlank()) {
      throw new IOException(
          file + " is empty; delete it and spamflow up makes a new feedback token");
    }
    return file;
  }
}
