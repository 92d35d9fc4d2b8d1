package dev.spamflow.inference;

import io.micronaut.runtime.Micronaut;

/** Starts the inference service as Knative runs it: configuration from the environment. */
public final class InferenceApplication {

  /** The logging configuration of the service, a class-path resource inside this jar. */
  static final String LOGBACK_RESOURCE = "dev/spamflow/inference/logback.xml";

  private static final String LOGBACK_CONFIGURATION = "logback.configurationFile";

  private InferenceApplication() {}

  /**
   * Starts the service; it runs until the process is stopped.
   *
   * @param args Micronaut command-line properties, e.g. {@code -micronaut.server.port=9000}
   */
  public static void main(String[] args) {
    // Before the first logger exists: the service's INFO configuration, unless one was given.
    if (System.getProperty(LOGBACK_CONFIGURATION) == null) {
      System.setProperty(LOGBACK_CONFIGURATION, LOGBACK_RESOURCE);
    }
    Micronaut.build(args).mainClass(InferenceApplication.class).banner(false).start();
  }
}
