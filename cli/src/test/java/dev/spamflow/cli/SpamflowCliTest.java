package dev.spamflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command tree: built whole for help and mistakes, with one subcommand for a run of it, and the
 * two agree on everything a user sees.
 */
class SpamflowCliTest {

  private static final List<String> COMMANDS =
      List.of(
          "train",
          "evaluate",
          "predict",
          "bench",
          "up",
          "serve",
          "upload",
          "dead-letters",
          "drift",
          "score",
          "help");

  @Test
  void helpListsEveryCommandInOrder() {
    CliRun run = CliRun.of("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: spamflow");
    int last = -1;
    for (String command : COMMANDS) {
      int at = run.out().indexOf("\n  " + command + " ");
      assertThat(at).as("%s listed after the command before it", command).isGreaterThan(last);
      last = at;
    }
  }

  @Test
  void aRunOfOneCommandBuildsOnlyThatOne() {
    CommandLine full = SpamflowCli.commandLine(new SpamflowCli());
    assertThat(full.getSubcommands().keySet()).containsExactlyElementsOf(COMMANDS);

    for (String command : COMMANDS) {
      if (command.equals("help")) {
        continue;
      }
      CommandLine lazy = SpamflowCli.commandLine(new SpamflowCli(), "--verbose", command, "--help");
      assertThat(lazy.getSubcommands().keySet()).containsExactly(command);
      // The name a command is registered under is its own: usage and errors name it the same way.
      assertThat(lazy.getSubcommands().get(command).getCommandSpec().name()).isEqualTo(command);
      assertThat(lazy.getSubcommands().get(command).getUsageMessage())
          .isEqualTo(full.getSubcommands().get(command).getUsageMessage());
    }
  }

  @Test
  void helpAndMisspeltNamesSeeEveryCommand() {
    assertThat(SpamflowCli.commandLine(new SpamflowCli(), "help", "train").getSubcommands())
        .containsOnlyKeys(COMMANDS);

    CliRun misspelt = CliRun.of("serv", "--model", "x");

    assertThat(misspelt.exitCode()).isEqualTo(2);
    assertThat(misspelt.err()).contains("'serv'").contains("Did you mean: spamflow serve");
  }

  @Test
  void helpOfACommandIsItsUsageEitherWay() {
    CliRun help = CliRun.of("help", "serve");
    CliRun option = CliRun.of("serve", "--help");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).startsWith("Usage: spamflow serve").contains("--model=DIR");
    assertThat(option.exitCode()).isZero();
    assertThat(option.out()).isEqualTo(help.out());
  }
}
