package dev.spamflow.cli;

import dev.spamflow.cli.local.DataDirectoryLock;
import dev.spamflow.cli.local.LocalPipeline;
import dev.spamflow.cli.local.RunLog;
import dev.spamflow.devtools.broker.DeadLetterLog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spamflow dead-letters}: what the local broker could not deliver, and sending it again. */
@Command(
    name = "dead-letters",
    description = {
      "Lists the events the local broker dead-lettered (a stage refused them or kept failing",
      "past its Trigger's retries): when, which Trigger and stage, how many tries, the event and",
      "the last error. With --replay, sends each one again through the Trigger it failed on and",
      "runs the pipeline as far as it goes; an entry delivered is removed from the log, one that",
      "fails again is logged anew. Exit 0 when nothing is left dead-lettered, 1 otherwise."
    })
final class DeadLettersCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin LocalOptions local;

  @Option(names = "--replay", description = "Send every dead-lettered event again.")
  boolean replay;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path data = local.config().dataDirectory();
    DeadLetterLog log = new DeadLetterLog(data.resolve(LocalPipeline.DEAD_LETTERS));
    List<DeadLetterLog.Entry> entries = log.read();
    if (entries.isEmpty()) {
      out.println("no dead letters in " + log.file().toAbsolutePath());
      return 0;
    }
    for (int i = 0; i < entries.size(); i++) {
      out.println(describe(i, entries.get(i)));
    }
    if (!replay) {
      out.println(
          entries.size()
              + " dead-lettered in "
              + log.file().toAbsolutePath()
              + "; send them again with: spamflow dead-letters --replay --data-dir "
              + data);
      return SpamflowCli.EXIT_FAILURE;
    }
    Optional<DataDirectoryLock> lock = DataDirectoryLock.tryAcquire(data, "dead-letters");
    if (lock.isEmpty()) {
      err.println(
          "spamflow dead-letters: "
              + DataDirectoryLock.describeHolder(data)
              + " runs the pipeline on "
              + data.toAbsolutePath()
              + "; replay when it has stopped");
      return SpamflowCli.EXIT_FAILURE;
    }
    try (LocalPipeline pipeline = local.pipeline(out::println, lock.get())) {
      // Newest first, so that removing a replayed entry leaves the older positions as they were.
      for (int i = entries.size() - 1; i >= 0; i--) {
        out.println("replaying #" + (i + 1) + ":");
        RunLog.Summary run = pipeline.replay(i);
        if (run.failures().isEmpty()) {
          out.println("#" + (i + 1) + " delivered");
        } else {
          err.println("#" + (i + 1) + " failed again: " + run.failures().getFirst());
        }
      }
      int left = pipeline.deadLetters().read().size();
      out.println(
          left == 0
              ? "every dead letter was delivered"
              : left + " dead-lettered still (or again) in " + log.file().toAbsolutePath());
      return left == 0 ? 0 : SpamflowCli.EXIT_FAILURE;
    }
  }

  private static String describe(int index, DeadLetterLog.Entry entry) {
    return String.format(
        Locale.ROOT,
        "#%d %s trigger %s -> %s, %d tries: %s %s (id %s): %s",
        index + 1,
        entry.time(),
        entry.trigger(),
        entry.subscriber(),
        entry.attempts(),
        entry.event().getType(),
        Optional.ofNullable(entry.event().getSubject()).orElse("-"),
        entry.event().getId(),
        entry.error());
  }
}
