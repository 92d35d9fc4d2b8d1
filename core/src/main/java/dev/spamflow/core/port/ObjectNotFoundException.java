package dev.spamflow.core.port;

/** {@link ObjectStore#get} was asked for a key under which no object is stored. */
public class ObjectNotFoundException extends ObjectStoreException {
  private static final long serialVersionUID = 1L;

  private final String key;

  /** Creates the exception for the missing {@code key}. */
  public ObjectNotFoundException(String key) {
    super("no object under key '" + key + "'");
    this.key = key;
  }

  /** Returns the key that has no object. */
  public String key() {
    return key;
  }
}
