package dev.spamflow.cli;

import dev.spamflow.adapters.fs.FileSystemObjectStore;
import dev.spamflow.cli.local.DataDirectoryLock;
import dev.spamflow.cli.local.LocalPipeline;
import dev.spamflow.cli.local.RunLog;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.pipeline.DatasetRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code spamflow upload}: one file through ingest → curate → train → register, in-process, or
 * handed to the {@code spamflow up} that runs on the same data directory.
 */
@Command(
    name = "upload",
    description = {
      "Copies FILE into the local store as inbox/<file name> and runs ingest, curate, train and",
      "register on it in this process, one line per event as it happens; first it resumes any",
      "chain an earlier run left unfinished. Uploading the same messages again changes nothing.",
      "When 'spamflow up' runs on the same data directory, the file is handed to it (written to",
      "its inbox) instead, and this command returns at once: the running system reports the run.",
      "Exit 0 when the pipeline reached a verdict (promoted or rejected), found nothing new, or the",
      "file was handed over; 1 when the file gives no model (unreadable, no valid rows, one label",
      "only, too few messages) or a stage failed."
    })
final class UploadCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin LocalOptions local;

  @Parameters(paramLabel = "FILE", description = "Labelled messages (SMS TSV, CSV, JSON Lines).")
  Path file;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // Checked before the store is touched, so a typo creates no data directory.
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such file");
    }
    Path dataDirectory = local.config().dataDirectory();
    Optional<DataDirectoryLock> lock = DataDirectoryLock.tryAcquire(dataDirectory, "upload");
    if (lock.isEmpty()) {
      Optional<DataDirectoryLock.Holder> holder = DataDirectoryLock.holder(dataDirectory);
      if (holder.isPresent() && holder.get().command().equals("up")) {
        return handOver(holder.get(), out);
      }
      out.println(
          "upload: waiting for "
              + holder.map(DataDirectoryLock.Holder::describe).orElse("another spamflow process")
              + " to finish with "
              + dataDirectory.toAbsolutePath());
      out.flush();
      lock = Optional.of(DataDirectoryLock.acquire(dataDirectory, "upload"));
    }
    try (LocalPipeline pipeline = local.pipeline(out::println, lock.get())) {
      // How each resumed chain ends is reported; the exit code is about FILE.
      for (RunLog.Summary resumed : pipeline.reconcile()) {
        RunOutcome.report(resumed, pipeline.registry(), out, err, "resume");
      }
      out.println(
          "upload: "
              + file
              + " -> inbox/"
              + file.getFileName()
              + " in "
              + pipeline.dataDirectory().toAbsolutePath());
      RunLog.Summary run = pipeline.upload(file);
      return RunOutcome.report(run, pipeline.registry(), out, err, "spamflow upload");
    }
  }

  /**
   * Writes the file into the running system's store as {@code inbox/<name>}, through a store that
   * does not notify: the running {@code up} sees it in its next inbox listing and runs the pipeline
   * on it. The file-system store writes content and metadata atomically for processes sharing it.
   */
  private int handOver(DataDirectoryLock.Holder up, PrintWriter out) throws IOException {
    ObjectStore store = FileSystemObjectStore.create(local.config());
    try (InputStream content = Files.newInputStream(file)) {
      store.put(
          DatasetRef.INBOX_PREFIX + file.getFileName(),
          content,
          Files.size(file),
          "application/octet-stream",
          Map.of());
    }
    out.println(
        "upload: "
            + up.describe()
            + " runs on this data directory; handed "
            + file
            + " to it as inbox/"
            + file.getFileName()
            + ": it runs the pipeline and prints each step");
    return 0;
  }
}
