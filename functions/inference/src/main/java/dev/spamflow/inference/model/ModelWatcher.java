package dev.spamflow.inference.model;

import dev.spamflow.core.port.ModelVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps slots filled: loads the first model in the background (so liveness answers at once and
 * readiness waits for the model; a registry that names no model yet is recorded on the slot, see
 * {@link ModelSlot#aliasUnset()}), follows promotion events, and polls the registry's aliases as a
 * fallback for a lost event. With a fixed bundle folder it loads that once and never polls.
 */
public final class ModelWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ModelWatcher.class);

  private final ModelLoader loader;
  private final String modelName;
  private final Optional<Path> fixedBundle;
  private final Duration pollInterval;
  private final ModelSlot champion;
  private final String championAlias;
  private final Optional<ModelSlot> challenger;
  private final String challengerAlias;
  private final ScheduledExecutorService scheduler;
  private volatile ScheduledFuture<?> polling;

  /**
   * Creates a watcher; nothing happens until {@link #start()}.
   *
   * @param loader loads bundles and registry versions
   * @param modelName the registered model, e.g. {@code spam-detector}
   * @param fixedBundle a bundle folder or zip to serve instead of the registry's alias
   * @param pollInterval how often the aliases are checked; zero or negative turns polling off
   * @param champion the slot of the main model
   * @param championAlias the alias it follows, e.g. {@code champion}
   * @param challenger the canary's slot, empty when the canary is off
   * @param challengerAlias the alias the challenger follows, e.g. {@code challenger}
   */
  public ModelWatcher(
      ModelLoader loader,
      String modelName,
      Optional<Path> fixedBundle,
      Duration pollInterval,
      ModelSlot champion,
      String championAlias,
      Optional<ModelSlot> challenger,
      String challengerAlias) {
    this.loader = Objects.requireNonNull(loader, "loader");
    this.modelName = Objects.requireNonNull(modelName, "modelName");
    this.fixedBundle = Objects.requireNonNull(fixedBundle, "fixedBundle");
    this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    this.champion = Objects.requireNonNull(champion, "champion");
    this.championAlias = Objects.requireNonNull(championAlias, "championAlias");
    this.challenger = Objects.requireNonNull(challenger, "challenger");
    this.challengerAlias = Objects.requireNonNull(challengerAlias, "challengerAlias");
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "spamflow-model-watcher");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts loading the first model now and, unless serving a fixed bundle, polling. */
  public void start() {
    if (fixedBundle.isPresent()) {
      Path bundle = fixedBundle.get();
      scheduler.execute(
          () -> champion.swap(bundle.toAbsolutePath().toString(), () -> loader.fromBundle(bundle)));
      return;
    }
    if (pollInterval.isPositive()) {
      polling =
          scheduler.scheduleWithFixedDelay(
              this::pollQuietly, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    } else {
      scheduler.execute(this::pollQuietly);
    }
  }

  /**
   * Handles a promotion: looks the alias up in the registry and loads the version it names now
   * beside the serving one, swapping it in if it passes. The event's version is only compared: a
   * stale or repeated event cannot bring back a version the alias has moved away from.
   *
   * @param model the promoted model's name
   * @param version the promoted version, a registry version number
   * @param alias the alias it now holds
   * @return what happened
   * @throws RuntimeException as the registry lookup throws it (worth a retry)
   */
  public synchronized PromotionOutcome promoted(String model, String version, String alias) {
    if (fixedBundle.isPresent()) {
      return PromotionOutcome.ignored(
          "serving the fixed bundle "
              + fixedBundle.get()
              + "; registry promotions are not followed");
    }
    if (!modelName.equals(model)) {
      return PromotionOutcome.ignored("this service serves " + modelName + ", not " + model);
    }
    Optional<ModelSlot> slot = slotFor(alias);
    if (slot.isEmpty()) {
      return PromotionOutcome.ignored("alias " + alias + " is not served here");
    }
    int number;
    try {
      number = Integer.parseInt(version);
    } catch (NumberFormatException e) {
      return PromotionOutcome.invalid("version must be a registry version number: " + version);
    }
    // The registry's alias decides, the event only says when to look: events are delivered at
    // least once and re-announced after a crash, so an old promotion can arrive after a newer one,
    // and serving what it names would roll the service back.
    Optional<ModelVersion> named = loader.lookup(modelName, alias);
    slot.get().aliasUnset(named.isEmpty());
    if (named.isEmpty()) {
      return PromotionOutcome.ignored(
          "the event names version " + number + ", but " + alias + " is no longer set");
    }
    int current = named.get().version();
    PromotionOutcome outcome = load(slot.get(), current, true);
    if (current == number) {
      return outcome;
    }
    return new PromotionOutcome(
        outcome.result(),
        "the event names version "
            + number
            + ", but "
            + alias
            + " is version "
            + current
            + " now (a stale or repeated event): "
            + outcome.detail());
  }

  /** Checks every followed alias once and loads what changed; a registry failure is logged. */
  public synchronized void poll() {
    pollAlias(champion, championAlias);
    challenger.ifPresent(slot -> pollAlias(slot, challengerAlias));
  }

  private void pollQuietly() {
    try {
      poll();
    } catch (RuntimeException e) {
      // The next poll tries again; the serving model is untouched.
      LOG.warn("polling the registry failed: {}", e.toString());
    }
  }

  private void pollAlias(ModelSlot slot, String alias) {
    Optional<ModelVersion> named = loader.lookup(modelName, alias);
    slot.aliasUnset(named.isEmpty());
    if (named.isEmpty()) {
      if (!slot.ready()) {
        LOG.info("{}: {} has no alias {} yet; not ready", slot.name(), modelName, alias);
      }
      return;
    }
    load(slot, named.get().version(), false);
  }

  private PromotionOutcome load(ModelSlot slot, int version, boolean retryRefused) {
    String id = "models:/" + modelName + "/" + version;
    Optional<LoadedModel> serving = slot.current();
    if (serving.isPresent() && serving.get().version().equals(Integer.toString(version))) {
      return PromotionOutcome.unchanged("version " + version + " already serves");
    }
    // A poll does not hammer a version it refused; an explicit promotion event tries again.
    if (!retryRefused && slot.wasRefused(id)) {
      return PromotionOutcome.refused("version " + version + " was refused before");
    }
    ModelSlot.SwapOutcome outcome = slot.swap(id, () -> loader.fromRegistry(modelName, version));
    return outcome.accepted()
        ? PromotionOutcome.swapped("version " + version + " now serves as " + slot.name())
        : PromotionOutcome.refused(outcome.reason());
  }

  private Optional<ModelSlot> slotFor(String alias) {
    if (championAlias.equals(alias)) {
      return Optional.of(champion);
    }
    if (challengerAlias.equals(alias)) {
      return challenger;
    }
    return Optional.empty();
  }

  /** Stops polling; a load in progress finishes on its own thread. */
  @Override
  public void close() {
    ScheduledFuture<?> running = polling;
    if (running != null) {
      running.cancel(false);
    }
    scheduler.shutdownNow();
  }

  /**
   * What a promotion led to.
   *
   * @param result the outcome
   * @param detail a sentence for the log and the response header
   */
  public record PromotionOutcome(Result result, String detail) {

    static PromotionOutcome swapped(String detail) {
      return new PromotionOutcome(Result.SWAPPED, detail);
    }

    static PromotionOutcome unchanged(String detail) {
      return new PromotionOutcome(Result.UNCHANGED, detail);
    }

    static PromotionOutcome refused(String detail) {
      return new PromotionOutcome(Result.REFUSED, detail);
    }

    static PromotionOutcome ignored(String detail) {
      return new PromotionOutcome(Result.IGNORED, detail);
    }

    static PromotionOutcome invalid(String detail) {
      return new PromotionOutcome(Result.INVALID, detail);
    }

    /** The kinds of outcome. */
    public enum Result {
      /** The promoted version now serves. */
      SWAPPED,
      /** It already served. */
      UNCHANGED,
      /** It failed to load or its smoke check; the previous model keeps serving. */
      REFUSED,
      /** The event is for a model or alias this service does not serve. */
      IGNORED,
      /** The event's data cannot name a version. */
      INVALID
    }
  }
}
