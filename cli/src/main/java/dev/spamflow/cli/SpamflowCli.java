package dev.spamflow.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
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
    // Every subcommand takes --help and --version too.
    scope = CommandLine.ScopeType.INHERIT,
    versionProvider = SpamflowCli.Version.class,
    description =
        "Spam detection for SMS and e-mail: train, evaluate, predict, batch-score, benchmark, and the whole"
            + " pipeline locally (up, upload, dead-letters).")
public final class SpamflowCli {

  /**
   * The subcommands, in the order help lists them. Registered in code rather than in
   * {@code @Command(subcommands = …)} so that a run of one subcommand builds only that one: picocli
   * reflects over every registered command's annotations up front, which cost ~0.2 s of each start
   * for the eleven (measured in docs/benchmarks.md, "Start-up of spamflow serve").
   */
  private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

  private static Map<String, Supplier<Object>> subcommands() {
    Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
    commands.put("train", TrainCommand::new);
    commands.put("evaluate", EvaluateCommand::new);
    commands.put("predict", PredictCommand::new);
    commands.put("bench", BenchCommand::new);
    commands.put("up", UpCommand::new);
    commands.put("serve", ServeCommand::new);
    commands.put("upload", UploadCommand::new);
    commands.put("dead-letters", DeadLettersCommand::new);
    commands.put("drift", DriftCommand::new);
    commands.put("score", ScoreCommand::new);
    // A lambda, not HelpCommand::new: picocli is Java 5 bytecode, which the JDK's AOT cache cannot
    // link, and an archived method reference to its constructor crashed the cache's assembly on
    // Temurin 25.0.3 (archiveHeapWriter.cpp:757; CliAotCacheIT fails with it).
    commands.put("help", () -> new CommandLine.HelpCommand());
    return Collections.unmodifiableMap(commands);
  }

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
    CommandLine commandLine = commandLine(root, args);
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

  /**
   * The command tree for these arguments: when the first argument that is not an option names a
   * subcommand other than {@code help}, the root with that subcommand alone; otherwise (no
   * subcommand, {@code help}, a misspelt name) the root with all of them, so that help and "did you
   * mean" see every command. The root's own options ({@code --verbose}, {@code --help}, {@code
   * --version}) take no value, so the first non-option argument is always the subcommand's name.
   */
  static CommandLine commandLine(SpamflowCli root, String... args) {
    CommandLine commandLine = new CommandLine(root);
    String named = null;
    for (String arg : args) {
      if (!arg.startsWith("-")) {
        named = arg;
        break;
      }
    }
    Supplier<Object> only = "help".equals(named) ? null : SUBCOMMANDS.get(named);
    if (only != null) {
      commandLine.addSubcommand(named, only.get());
    } else {
      SUBCOMMANDS.forEach((name, command) -> commandLine.addSubcommand(name, command.get()));
    }
    return commandLine;
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
