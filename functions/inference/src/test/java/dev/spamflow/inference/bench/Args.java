package dev.spamflow.inference.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} command-line options. */
final class Args {
  private final Map<String, String> values = new HashMap<>();

  Args(String[] argv) {
    for (int i = 0; i + 1 < argv.length; i += 2) {
      if (!argv[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value, got " + argv[i]);
      }
      values.put(argv[i], argv[i + 1]);
    }
    if (argv.length % 2 != 0) {
      throw new IllegalArgumentException("option " + argv[argv.length - 1] + " has no value");
    }
  }

  /** The option's value, or {@code fallback}; a null fallback makes the option required. */
  String value(String name, String fallback) {
    String value = values.getOrDefault(name, fallback);
    if (value == null) {
      throw new IllegalArgumentException("missing option " + name);
    }
    return value;
  }
}
