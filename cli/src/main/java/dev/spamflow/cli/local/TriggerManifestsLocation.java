package dev.spamflow.cli.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the repository's {@code knative/base} folder, whose Triggers route the local broker, so a
 * local run cannot drift from the cluster's routing.
 */
public final class TriggerManifestsLocation {

  /** The folder below the repository root. */
  public static final Path RELATIVE = Path.of("knative", "base");

  /** The system property the {@code spamflow} launcher sets to the repository root. */
  public static final String HOME_PROPERTY = "spamflow.home";

  private TriggerManifestsLocation() {}

  /**
   * Returns {@code explicit} if given, else {@code knative/base} below {@code home} (the launcher's
   * repository root) or below the working directory or one of its parents.
   *
   * @throws IllegalArgumentException naming every place looked at when none holds the folder
   */
  public static Path find(Optional<Path> explicit, Optional<Path> home, Path workingDirectory) {
    if (explicit.isPresent()) {
      Path path = explicit.orElseThrow();
      if (!Files.exists(path)) {
        throw new IllegalArgumentException(
            "Trigger manifests " + path + " do not exist (--triggers)");
      }
      return path;
    }
    List<Path> tried = new ArrayList<>();
    home.ifPresent(root -> tried.add(root.resolve(RELATIVE)));
    for (Path dir = workingDirectory.toAbsolutePath().normalize();
        dir != null;
        dir = dir.getParent()) {
      tried.add(dir.resolve(RELATIVE));
    }
    return tried.stream()
        .filter(Files::isDirectory)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "cannot find the Knative Trigger manifests ("
                        + RELATIVE
                        + ") in "
                        + tried.getFirst()
                        + " or its parents; run from the repository or pass --triggers DIR"));
  }
}
