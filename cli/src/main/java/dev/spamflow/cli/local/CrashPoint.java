package dev.spamflow.cli.local;

import java.io.PrintStream;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A place where the local system can be made to stop dead, for the crash-recovery tests: set the
 * system property {@value #PROPERTY} to {@code put:<regex>} (before the store writes a matching
 * key) or {@code deliver:<stage>} (before a stage handles its event). On reaching it the process
 * prints one line, {@value #MARK} and where, to standard output and blocks, so that a test can kill
 * it there with SIGKILL and check that a restart on the same data directory recovers. Unset, as in
 * every normal run, it costs one property read at start.
 */
final class CrashPoint {

  /** The system property that names the point. */
  static final String PROPERTY = "spamflow.test.crash-point";

  /** What the line printed on reaching the point starts with. */
  static final String MARK = "crash point reached:";

  private static final Optional<String> SPEC = Optional.ofNullable(System.getProperty(PROPERTY));
  private static final Optional<Pattern> PUT =
      SPEC.filter(s -> s.startsWith("put:")).map(s -> Pattern.compile(s.substring(4)));
  private static final Optional<String> DELIVER =
      SPEC.filter(s -> s.startsWith("deliver:")).map(s -> s.substring(8));

  private CrashPoint() {}

  /** Blocks for good if writing {@code key} is the crash point. */
  static void beforePut(String key) {
    if (PUT.isPresent() && PUT.get().matcher(key).matches()) {
      halt("before writing " + key);
    }
  }

  /**
   * Blocks for good if handing an event to {@code stage} is the crash point.
   *
   * @return {@code event}, when it is not
   */
  static <E> E delivered(String stage, E event) {
    if (DELIVER.isPresent() && DELIVER.get().equals(stage)) {
      halt("before " + stage + " handles its event");
    }
    return event;
  }

  @SuppressWarnings("SystemOut") // the test reads this line from the process's standard output
  private static void halt(String where) {
    PrintStream out = System.out;
    out.println(MARK + " " + where + " (" + PROPERTY + "=" + SPEC.orElseThrow() + ")");
    out.flush();
    while (true) {
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        // Keep blocking: only the kill ends this process.
      }
    }
  }
}
