package dev.spamflow.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** One run of the command line, captured. */
record CliRun(int exitCode, String out, String err) {

  /** The bundle an earlier build saved into core's test resources. */
  static final Path SAVED_BUNDLE = Path.of("../core/src/test/resources/bundles/sms-small-v1");

  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SpamflowCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CliRun(code, out.toString(), err.toString());
  }

  /** The last non-empty line of stderr: where a failed command says why. */
  String lastErrLine() {
    return err.strip().lines().reduce((first, second) -> second).orElse("");
  }
}
