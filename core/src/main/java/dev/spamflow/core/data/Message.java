package dev.spamflow.core.data;

import java.util.Objects;

/**
 * One labelled message as read from a data file; the text is kept raw (cleaning happens in {@code
 * TextFeatures}) so that what was uploaded can always be reproduced.
 *
 * @param text the raw message text, never {@code null}
 * @param label its label, never {@code null}
 */
public record Message(String text, Label label) {

  /** Checks that neither component is {@code null}. */
  public Message {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(label, "label");
  }
}
