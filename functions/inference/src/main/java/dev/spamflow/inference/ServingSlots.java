package dev.spamflow.inference;

import dev.spamflow.inference.model.ModelSlot;
import java.util.Objects;
import java.util.Optional;

/**
 * The slots the service serves from.
 *
 * @param champion the main model
 * @param challenger the canary's challenger, present only when the canary is on
 */
public record ServingSlots(ModelSlot champion, Optional<ModelSlot> challenger) {

  /** Checks the arguments. */
  public ServingSlots {
    Objects.requireNonNull(champion, "champion");
    Objects.requireNonNull(challenger, "challenger");
  }
}
