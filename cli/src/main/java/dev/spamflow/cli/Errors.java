package dev.spamflow.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

/** Turns exceptions into the one line a user reads. */
final class Errors {

  private Errors() {}

  /** Returns a one-line description of what went wrong, without a stack trace. */
  static String oneLine(Throwable error) {
    Throwable cause = error;
    // Wrappers add nothing a user can act on; the innermost message names the file and row.
    while (cause.getCause() != null
        && (cause.getMessage() == null || cause instanceof java.io.UncheckedIOException)) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    if (cause instanceof NoSuchFileException e) {
      message = e.getFile() + ": " + (e.getReason() == null ? "no such file" : e.getReason());
    } else if (cause instanceof AccessDeniedException e) {
      message = e.getFile() + ": permission denied";
    } else if (cause instanceof FileAlreadyExistsException e) {
      message = e.getFile() + ": " + (e.getReason() == null ? "already exists" : e.getReason());
    } else if (message == null || message.isBlank()) {
      message = cause.getClass().getSimpleName();
    }
    return message.replace('\n', ' ');
  }
}
