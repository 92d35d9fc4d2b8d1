package dev.spamflow.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Which code this is: the Maven version and the git commit it was built from, as {@code
 * build.properties} records them at build time. Every model bundle records {@link #codeVersion()},
 * so a model can be traced to the code that trained it.
 */
public final class BuildInfo {
  private static final String UNKNOWN = "unknown";
  private static final Properties PROPERTIES = load();

  private BuildInfo() {}

  /**
   * Returns the Maven version and the commit, e.g. {@code 0.1.0-SNAPSHOT+4b2baa2}; the commit is
   * {@code unknown} when the build was not told it ({@code -Dspamflow.commit}).
   *
   * @return the code version
   */
  public static String codeVersion() {
    return property("version") + "+" + property("commit");
  }

  private static String property(String name) {
    String value = PROPERTIES.getProperty(name, UNKNOWN).strip();
    // An unfiltered resource (an IDE build) still holds the placeholder.
    return value.isEmpty() || value.startsWith("${") ? UNKNOWN : value;
  }

  private static Properties load() {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read build.properties", e);
    }
    return properties;
  }
}
