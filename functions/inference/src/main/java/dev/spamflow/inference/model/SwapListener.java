package dev.spamflow.inference.model;

/** Hears what a {@link ModelSlot} did, for metrics; called on the loading thread. */
public interface SwapListener {

  /**
   * A model was loaded, passed its smoke check and now serves.
   *
   * @param slot the slot's name, e.g. {@code champion}
   * @param model the model now serving
   * @param previous the model it replaced, or {@code null} for the first one
   */
  void swapped(String slot, LoadedModel model, LoadedModel previous);

  /**
   * A candidate was refused; the previous model, if any, keeps serving.
   *
   * @param slot the slot's name
   * @param candidate what was tried, e.g. {@code models:/spam-detector/7}
   * @param reason why, for the log and the metric's {@code reason} tag
   */
  void refused(String slot, String candidate, RefusalReason reason);

  /** Why a candidate model was refused. */
  enum RefusalReason {
    /** It could not be downloaded or read: missing files, checksum mismatch, unknown format. */
    LOAD_FAILED,
    /** It loaded but its smoke prediction failed or gave no probability. */
    SMOKE_CHECK_FAILED
  }
}
