package dev.spamflow.cli;

import dev.spamflow.cli.local.LocalPipeline;
import dev.spamflow.cli.local.RunLog;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code spamflow upload}: one file through ingest → curate → train → register, in-process. */
@Command(
    name = "upload",
    description = {
      "Copies FILE into the local store as inbox/<file name> and runs ingest, curate, train and",
      "register on it in this process, one line per event as it happens. Uploading the same",
      "messages again changes nothing. Exit 0 when the pipeline reached a verdict (promoted or",
      "rejected) or found nothing new; 1 when the file gives no model (unreadable, no valid rows,",
      "one label only, too few messages) or a stage failed."
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
    LocalPipeline pipeline = local.pipeline(out::println);
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
