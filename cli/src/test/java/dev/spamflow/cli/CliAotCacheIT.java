package dev.spamflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AOT cache that {@code ./spamflow} starts {@code serve} and {@code up} from can be written for
 * the packaged command line, and the JVM maps it: the classes of a run come from the cache, with no
 * AOT warning. What this guards: the cache's assembly once crashed the JVM (a method reference to a
 * picocli constructor, {@code HelpCommand::new}; see {@code SpamflowCli}), after which every start
 * silently took twice as long: the launcher starts without a cache it could not write. Runs in
 * {@code verify}, on the jars {@code package} laid out in {@code target/}, and calls {@code
 * scripts/aot-cache-cli} (it needs curl, as the launcher does).
 */
class CliAotCacheIT {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path TARGET = Path.of("target").toAbsolutePath();

  @TempDir Path temp;

  @Test
  void theCacheIsWrittenAndTheJvmMapsIt() throws Exception {
    String classpath = launcherClassPath();
    List<String> flags = new ArrayList<>();
    flags.add("-Xmx1g");
    flags.add("@" + ROOT.resolve("cli/jvm.options"));
    Path cache = temp.resolve("aot/serve.aot");

    List<String> write = new ArrayList<>();
    write.add(ROOT.resolve("scripts/aot-cache-cli").toString());
    write.add(cache.toString());
    write.add("test-key");
    write.add(classpath);
    write.addAll(flags);
    Result written = run(write, 300);

    assertThat(written.code()).as(written.output()).isZero();
    assertThat(cache).isNotEmptyFile();
    assertThat(cache.resolveSibling("serve.aot.key")).hasContent("test-key");

    List<String> use = new ArrayList<>();
    use.add(ROOT.resolve("scripts/with-jdk25").toString());
    use.add("java");
    use.addAll(flags);
    use.add("-XX:AOTCache=" + cache);
    use.add("-Xlog:aot=warning");
    use.add("-Xlog:class+load=info");
    use.add("-cp");
    use.add(classpath);
    use.add("dev.spamflow.cli.SpamflowCli");
    use.add("serve");
    use.add("--help");
    Result used = run(use, 120);

    assertThat(used.code()).as(used.output()).isZero();
    assertThat(used.output()).contains("Usage: spamflow serve");
    assertThat(used.output().lines().filter(line -> line.contains("[aot]")))
        .as("AOT warnings or errors")
        .isEmpty();
    assertThat(used.output())
        .contains("dev.spamflow.cli.SpamflowCli source: shared objects file")
        .contains("dev.spamflow.cli.ServeCommand source: shared objects file");
  }

  /** The class path the launcher builds: the cli jar, then target/classpath made absolute. */
  private static String launcherClassPath() throws IOException {
    Path jar;
    try (Stream<Path> files = Files.list(TARGET)) {
      jar =
          files
              .filter(p -> p.getFileName().toString().matches("spamflow-cli-.*\\.jar"))
              .filter(p -> !p.getFileName().toString().endsWith("-tests.jar"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no spamflow-cli jar in " + TARGET));
    }
    StringBuilder classpath = new StringBuilder(jar.toString());
    String entries = Files.readString(TARGET.resolve("classpath")).strip();
    for (String entry : entries.split(":", -1)) {
      classpath.append(':').append(TARGET.resolve(entry));
    }
    return classpath.toString();
  }

  private record Result(int code, String output) {}

  private Result run(List<String> command, int timeoutSeconds) throws Exception {
    Path log = temp.resolve("process-" + System.nanoTime() + ".log");
    Process process =
        new ProcessBuilder(command)
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError(
          command.getFirst() + " ran past " + timeoutSeconds + " s:\n" + Files.readString(log));
    }
    return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
