package dev.spamflow.cli;

import dev.spamflow.cli.local.InboxWatcher;
import dev.spamflow.cli.local.LocalPipeline;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code spamflow up}: the whole pipeline in this process, fed by the local inbox folder. */
@Command(
    name = "up",
    description = {
      "Runs the whole pipeline in this process on the embedded store, registry and broker, and",
      "watches the local inbox folder: a file dropped there (or sent with 'spamflow upload')",
      "runs ingest, curate, train and register. Runs until Ctrl-C.",
      "The inference API does not exist yet; once it does, 'up' will serve it too."
    })
final class UpCommand implements Callable<Integer> {

  /** How often the inbox folder is listed; a file is taken once two listings agree on it. */
  private static final long POLL_MILLIS = 1000;

  @Spec CommandSpec spec;

  @Mixin LocalOptions local;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LocalPipeline pipeline = local.pipeline(out::println);
    Files.createDirectories(pipeline.inboxDirectory());
    out.println("spamflow up: data dir " + pipeline.dataDirectory().toAbsolutePath());
    out.println(
        "spamflow up: drop files into "
            + pipeline.inboxDirectory()
            + " (or run 'spamflow upload FILE'); Ctrl-C stops");
    InboxWatcher watcher =
        new InboxWatcher(
            pipeline.store(),
            object ->
                RunOutcome.report(
                    pipeline.announce(object), pipeline.registry(), out, err, "spamflow up"));
    ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
    CountDownLatch stopped = new CountDownLatch(1);
    ScheduledFuture<?> polling =
        poller.scheduleWithFixedDelay(
            () -> {
              try {
                watcher.poll();
              } catch (RuntimeException e) {
                // One bad poll must not end the schedule: report it and poll again.
                err.println("spamflow up: " + Errors.oneLine(e));
              }
            },
            0,
            POLL_MILLIS,
            TimeUnit.MILLISECONDS);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  polling.cancel(false);
                  poller.shutdown();
                  try {
                    // A run in progress is left to finish briefly; every stage is idempotent and
                    // writes atomically, so one cut short is redone by the next upload.
                    if (!poller.awaitTermination(10, TimeUnit.SECONDS)) {
                      err.println("spamflow up: stopped while a run was in progress");
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  out.println("spamflow up: stopped");
                  stopped.countDown();
                },
                "spamflow-up-shutdown"));
    stopped.await();
    return 0;
  }
}
