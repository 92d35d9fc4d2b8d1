package dev.spamflow.core.port;

/**
 * An {@link ExperimentTracker} or {@link ModelRegistry} operation named a run, model or version the
 * server does not hold.
 */
public class RegistryEntryNotFoundException extends ModelRegistryException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; the message names what is missing. */
  public RegistryEntryNotFoundException(String message) {
    super(message);
  }
}
