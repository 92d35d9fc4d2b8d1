package dev.spamflow.adapters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Reads adapter settings from a map of environment variables, so configuration is read once at the
 * edge and tests pass their own map. A secret {@code NAME} may instead be given as a file in {@code
 * NAME_FILE} (the Kubernetes secret-volume convention).
 */
public final class Settings {
  private final Map<String, String> env;

  private Settings(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** Settings over {@code env}, usually {@code System.getenv()}. */
  public static Settings of(Map<String, String> env) {
    return new Settings(env);
  }

  /** The value of {@code name}, empty if unset or blank. */
  public Optional<String> get(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  /** The value of {@code name}, or {@code fallback}. */
  public String get(String name, String fallback) {
    return get(name).orElse(fallback);
  }

  /**
   * A port to listen on from {@code name} (Knative's {@code PORT}), or {@code fallback} when unset.
   *
   * @throws IllegalStateException naming the variable when it is not a number in 0..65535
   */
  public int port(String name, int fallback) {
    Optional<String> raw = get(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    int port;
    try {
      port = Integer.parseInt(raw.get());
    } catch (NumberFormatException e) {
      throw new IllegalStateException(name + " is not a port number: " + raw.get(), e);
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalStateException(name + " must be between 0 and 65535: " + port);
    }
    return port;
  }

  /**
   * The value of {@code name}.
   *
   * @throws IllegalStateException naming the variable when it is unset
   */
  public String require(String name, String purpose) {
    return get(name)
        .orElseThrow(() -> new IllegalStateException(name + " is not set; it names " + purpose));
  }

  /**
   * A secret from {@code name}, or read from the file {@code name_FILE}; the value is never part of
   * an exception message.
   *
   * @throws IllegalStateException naming the variables when neither is set
   */
  public String secret(String name) {
    Optional<String> direct = get(name);
    if (direct.isPresent()) {
      return direct.get();
    }
    Optional<String> file = get(name + "_FILE");
    if (file.isEmpty()) {
      throw new IllegalStateException("set " + name + " or " + name + "_FILE (a file holding it)");
    }
    try {
      return Files.readString(Path.of(file.get()), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name + "_FILE " + file.get(), e);
    }
  }
}
