package dev.spamflow.core.port;

import java.util.regex.Pattern;

/** The names {@link ExperimentTracker} and {@link ModelRegistry} accept, as MLflow accepts them. */
public final class RegistryNames {
  /** Model, experiment, parameter, metric and tag names. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-/ ]{0,249}");

  /** Alias names; {@code latest} and {@code v<number>} are reserved by MLflow. */
  public static final Pattern ALIAS =
      Pattern.compile("(?!latest$)(?!v[0-9]+$)[a-z][a-z0-9_\\-]{0,254}");

  private RegistryNames() {}

  /**
   * Checks a model, experiment, parameter, metric or tag name against {@link #NAME}.
   *
   * @return the name
   * @throws IllegalArgumentException if it does not match
   */
  public static String requireValidName(String what, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(what + " must match " + NAME.pattern() + ": " + name);
    }
    return name;
  }

  /**
   * Checks an alias against {@link #ALIAS}.
   *
   * @return the alias
   * @throws IllegalArgumentException if it does not match
   */
  public static String requireValidAlias(String alias) {
    if (alias == null || !ALIAS.matcher(alias).matches()) {
      throw new IllegalArgumentException(
          "alias must be lower case, start with a letter and not be 'latest' or 'v<number>': "
              + alias);
    }
    return alias;
  }

  /**
   * Checks an artifact path: {@code ""} or a valid object key.
   *
   * @return the path
   * @throws IllegalArgumentException if it is neither
   */
  public static String requireValidArtifactPath(String artifactPath) {
    if (artifactPath == null) {
      throw new IllegalArgumentException("artifact path must not be null; use \"\" for the root");
    }
    return artifactPath.isEmpty() ? artifactPath : ObjectKeys.requireValidKey(artifactPath);
  }
}
