package dev.spamflow.inference.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One served model (the champion, or the canary's challenger) that can be replaced while requests
 * run. Readers take the current {@link LoadedModel} with one volatile read and never wait; a swap
 * loads the candidate beside the old model, smoke-checks it, and publishes it with one atomic
 * write. Swaps are serialised so two promotions arriving together cannot interleave.
 */
public final class ModelSlot {

  /** Texts every candidate must score before it serves: one ham-like, one spam-like. */
  static final List<String> SMOKE_TEXTS =
      List.of(
          "Hi, are we still meeting for lunch tomorrow at noon?",
          "WINNER!! You have won a 1000 GBP prize. Call 09061701461 now to claim, T&C apply");

  private static final Logger LOG = LoggerFactory.getLogger(ModelSlot.class);

  private final String name;
  private final SwapListener listener;
  private final AtomicReference<LoadedModel> current = new AtomicReference<>();
  private final Set<String> refused = ConcurrentHashMap.newKeySet();
  private final Object swapLock = new Object();
  private volatile boolean aliasUnset;

  /**
   * Creates an empty slot.
   *
   * @param name the slot's name for logs and metrics, e.g. {@code champion}
   * @param listener told about every swap and refusal
   */
  public ModelSlot(String name, SwapListener listener) {
    this.name = Objects.requireNonNull(name, "name");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** Returns the slot's name. */
  public String name() {
    return name;
  }

  /** Returns the model serving now, or empty before the first successful load. */
  public Optional<LoadedModel> current() {
    return Optional.ofNullable(current.get());
  }

  /** Returns whether a model is serving. */
  public boolean ready() {
    return current.get() != null;
  }

  /**
   * Returns whether the registry, when last reached, named no model for this slot at all (its alias
   * is not set: nothing has been promoted yet) while none serves. Such a slot is not waiting for a
   * load: there is nothing to load until a promotion, so a replica with it may take traffic and
   * answer that no model exists yet.
   */
  public boolean aliasUnset() {
    return aliasUnset && current.get() == null;
  }

  /**
   * Records what the registry said of the slot's alias: {@code true} when it is not set, {@code
   * false} when it names a version (which the slot then loads, or has loaded).
   *
   * @param unset whether the alias is unset in the registry
   */
  public void aliasUnset(boolean unset) {
    aliasUnset = unset;
  }

  /** Returns whether a candidate with this id was refused before (it is not retried by polls). */
  public boolean wasRefused(String candidateId) {
    return refused.contains(candidateId);
  }

  /**
   * Loads a candidate, checks it and swaps it in; on any failure the current model keeps serving.
   *
   * @param candidateId what is loaded, e.g. {@code models:/spam-detector/7}; a refused id is
   *     remembered so polling does not retry it every interval
   * @param load loads the candidate; may throw anything
   * @return the outcome
   */
  public SwapOutcome swap(String candidateId, CandidateLoader load) {
    synchronized (swapLock) {
      LoadedModel candidate;
      try {
        candidate = load.load();
      } catch (Exception | LinkageError e) {
        return refuse(candidateId, SwapListener.RefusalReason.LOAD_FAILED, describe(e));
      }
      String smokeFailure = smokeCheck(candidate);
      if (smokeFailure != null) {
        return refuse(candidateId, SwapListener.RefusalReason.SMOKE_CHECK_FAILED, smokeFailure);
      }
      LoadedModel previous = current.getAndSet(candidate);
      refused.remove(candidateId);
      LOG.info(
          "{}: now serving {} version {} from {} (loaded in {} ms){}",
          name,
          candidate.name(),
          candidate.version(),
          candidate.source(),
          candidate.loadTime().toMillis(),
          previous == null ? "" : ", replacing version " + previous.version());
      listener.swapped(name, candidate, previous);
      return SwapOutcome.swapped(candidate);
    }
  }

  private SwapOutcome refuse(String candidateId, SwapListener.RefusalReason reason, String why) {
    refused.add(candidateId);
    LoadedModel serving = current.get();
    LOG.warn(
        "{}: refused {} ({}): {}; {}",
        name,
        candidateId,
        reason,
        why,
        serving == null
            ? "no model serves yet"
            : "version " + serving.version() + " keeps serving");
    listener.refused(name, candidateId, reason);
    return SwapOutcome.refused(reason, why);
  }

  /** Returns why the candidate cannot serve, or {@code null} if it can. */
  private static String smokeCheck(LoadedModel candidate) {
    try {
      for (String text : SMOKE_TEXTS) {
        double p = candidate.predictor().spamProbability(text);
        if (!(p >= 0 && p <= 1)) {
          return "smoke prediction gave " + p + " for \"" + text + "\", not a probability";
        }
      }
      return null;
    } catch (RuntimeException | LinkageError e) {
      return "smoke prediction failed: " + describe(e);
    }
  }

  private static String describe(Throwable e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getName();
  }

  /** Loads a candidate model. */
  @FunctionalInterface
  public interface CandidateLoader {
    /**
     * Loads the candidate.
     *
     * @return the loaded model
     * @throws Exception whatever loading throws; the slot refuses the candidate
     */
    LoadedModel load() throws Exception;
  }

  /**
   * What a swap did.
   *
   * @param model the model now serving after a successful swap, else {@code null}
   * @param refusal why the candidate was refused, else {@code null}
   * @param reason a human-readable reason for a refusal, else {@code null}
   */
  public record SwapOutcome(LoadedModel model, SwapListener.RefusalReason refusal, String reason) {

    static SwapOutcome swapped(LoadedModel model) {
      return new SwapOutcome(model, null, null);
    }

    static SwapOutcome refused(SwapListener.RefusalReason refusal, String reason) {
      return new SwapOutcome(null, refusal, reason);
    }

    /** Returns whether the candidate now serves. */
    public boolean accepted() {
      return model != null;
    }
  }
}
