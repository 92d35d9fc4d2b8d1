package dev.spamflow.cli;

import dev.spamflow.core.data.DatasetLoader;
import dev.spamflow.core.data.LoadedDataset;
import dev.spamflow.core.data.Reject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Loads the data files a command was given, and reports what was read on stderr. */
final class DataFiles {

  /** Rejects listed on stderr before the rest are only counted. */
  private static final int REJECTS_SHOWN = 5;

  private DataFiles() {}

  /**
   * Loads and deduplicates the files.
   *
   * @return the dataset, with at least one accepted message
   * @throws IOException when a file is missing or unreadable
   * @throws IllegalArgumentException when no row is valid, naming the first reject
   */
  static LoadedDataset load(List<Path> files, PrintWriter err) throws IOException {
    LoadedDataset dataset = DatasetLoader.load(files);
    var stats = dataset.stats();
    err.printf(
        Locale.ROOT,
        "read %d rows from %s: %d accepted, %d rejected, %d duplicates%n",
        stats.read(),
        files.size() == 1 ? files.get(0) : files.size() + " files",
        stats.accepted(),
        stats.rejected(),
        stats.duplicates());
    List<Reject> rejects = dataset.rejects();
    for (Reject reject : rejects.subList(0, Math.min(REJECTS_SHOWN, rejects.size()))) {
      err.println("  rejected " + reject.describe());
    }
    if (stats.rejected() > REJECTS_SHOWN) {
      err.printf(Locale.ROOT, "  … and %d more rejected rows%n", stats.rejected() - REJECTS_SHOWN);
    }
    if (dataset.messages().isEmpty()) {
      String first =
          rejects.isEmpty() ? "the files hold no rows" : "first: " + rejects.get(0).describe();
      throw new IllegalArgumentException(
          "no valid rows in " + files.stream().map(Path::toString).toList() + "; " + first);
    }
    err.flush();
    return dataset;
  }
}
