package dev.spamflow.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Entry point of {@code spamflow}. Errors end in one line on stderr naming the file, row and field
 * at fault, and a non-zero exit; {@code --verbose} adds the stack trace.
 */
@Command(
    name = "spamflow",
    mixinStandardHelpOptions = true,
    versionProvider = SpamflowCli.Version.class,
    description =
        "Spam detection for SMS and e-mail: train, evaluate, predict, batch-score, benchmark, and the whole"
            + " pipeline locally (up, upload, dead-letters).",
    subcommands = {
      TrainCommand.class,
      EvaluateCommand.class,
      PredictCommand.class,
      BenchCommand.class,
      UpCommand.class,
      ServeCommand.class,
      UploadCommand.class,
      DeadLettersCommand.class,
      DriftCommand.class,
      ScoreCommand.class,
      CommandLine.HelpCommand.class
    })
public final class SpamflowCli {

  /** Exit code of a command that failed on its input or environment. */
  static final int EXIT_FAILURE = 1;

  @Option(
      names = "--verbose",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Print stack traces of errors.")
  boolean verbose;

  /**
   * Runs the command line.
   *
   * @param args command-line arguments
   */
  public static void main(String[] args) {
    // JSON and messages are UTF-8 whatever the platform's locale says.
    System.exit(
        run(
            args,
            new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
            new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true)));
  }

  /**
   * Runs the command line with the given streams.
   *
   * @return the exit code
   */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    SpamflowCli root = new SpamflowCli();
    CommandLine commandLine = new CommandLine(root);
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler(
        (exception, cmd, parseResult) -> {
          cmd.getErr()
              .println("spamflow " + cmd.getCommandName() + ": " + Errors.oneLine(exception));
          if (root.verbose) {
            exception.printStackTrace(cmd.getErr());
          }
          cmd.getErr().flush();
          return EXIT_FAILURE;
        });
    return commandLine.execute(args);
  }

  /** Reads the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = SpamflowCli.class.getPackage().getImplementationVersion();
      return new String[] {"spamflow " + (version == null ? "(development build)" : version)};
    }
  }
}
