package dev.spamflow.inference;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How {@link InferenceServer#start} runs the service inside another program.
 *
 * @param dataDirectory the embedded store and registry to use (as {@code spamflow up} keeps them);
 *     empty chooses from the environment like the deployed service ({@code SPAMFLOW_MLFLOW_URI},
 *     {@code SPAMFLOW_MINIO_ENDPOINT}, else {@code SPAMFLOW_LOCAL_DIR})
 * @param modelDirectory a bundle folder or zip to serve instead of the registry's alias
 * @param port the HTTP port; 0 picks a free one; empty uses {@code PORT}, else 8080
 * @param pollInterval how often the registry alias is polled; empty keeps the configured default
 * @param feedbackTokenFile a file holding the token {@code /api/feedback} callers must send; empty
 *     keeps the configured one ({@code SPAMFLOW_FEEDBACK_TOKEN[_FILE]}, else feedback is off)
 */
public record InferenceOptions(
    Optional<Path> dataDirectory,
    Optional<Path> modelDirectory,
    OptionalInt port,
    Optional<Duration> pollInterval,
    Optional<Path> feedbackTokenFile) {

  /** Checks the arguments. */
  public InferenceOptions {
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    Objects.requireNonNull(modelDirectory, "modelDirectory");
    Objects.requireNonNull(port, "port");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(feedbackTokenFile, "feedbackTokenFile");
    if (port.isPresent() && (port.getAsInt() < 0 || port.getAsInt() > 65_535)) {
      throw new IllegalArgumentException("port must be 0 to 65535: " + port.getAsInt());
    }
  }

  /** The service on the environment's backends, default port: what {@code spamflow serve} runs. */
  public static InferenceOptions fromEnvironment() {
    return new InferenceOptions(
        Optional.empty(),
        Optional.empty(),
        OptionalInt.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /**
   * The service on the embedded store and registry of a local data folder.
   *
   * @param dataDirectory the folder {@code spamflow up} keeps its store and registry in
   */
  public static InferenceOptions embedded(Path dataDirectory) {
    return new InferenceOptions(
        Optional.of(dataDirectory),
        Optional.empty(),
        OptionalInt.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** The same options serving a fixed bundle. */
  public InferenceOptions withModel(Path bundle) {
    return new InferenceOptions(
        dataDirectory, Optional.of(bundle), port, pollInterval, feedbackTokenFile);
  }

  /** The same options on another port (0 for any free one). */
  public InferenceOptions withPort(int otherPort) {
    return new InferenceOptions(
        dataDirectory, modelDirectory, OptionalInt.of(otherPort), pollInterval, feedbackTokenFile);
  }

  /** The same options with another alias poll interval. */
  public InferenceOptions withPollInterval(Duration interval) {
    return new InferenceOptions(
        dataDirectory, modelDirectory, port, Optional.of(interval), feedbackTokenFile);
  }

  /** The same options taking feedback from callers holding the token in {@code file}. */
  public InferenceOptions withFeedbackTokenFile(Path file) {
    return new InferenceOptions(
        dataDirectory, modelDirectory, port, pollInterval, Optional.of(file));
  }
}
