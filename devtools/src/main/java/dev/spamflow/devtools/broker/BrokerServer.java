package dev.spamflow.devtools.broker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.spamflow.adapters.http.JdkExchanges;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker ingress over HTTP for local runs, standing in for a Knative Broker: what a {@code
 * K_SINK} (the minio-bridge's, a stage's) points at when there is no cluster. It accepts
 * CloudEvents POSTed in binary or structured mode, answers 202 at once, and then delivers each
 * event, like {@link InProcessBroker} and with the same code, to the subscriber of every Trigger
 * whose filter passes it, with the Trigger's retries and back-off, and to the dead-letter log after
 * the last try. A subscriber's reply event is accepted again, as Knative does.
 *
 * <p>Delivery runs after the answer, one virtual thread per (event, Trigger): a Knative broker acks
 * at ingress, and a training run that takes minutes must hold neither its sender nor other events.
 * At most {@link Options#maxPendingDeliveries} deliveries wait or run at once; beyond that the
 * ingress answers 503, which a sender such as {@code HttpEventPublisher} retries. {@link #close()}
 * stops taking events, lets running deliveries finish for {@link Options#stopGrace}, and
 * dead-letters what is left.
 *
 * <p>Answers: 202 once accepted (also when no Trigger passes the event, which is then dropped, as
 * Knative drops it); 400 with {@code {"error":…}} for a body that is not a CloudEvent; 404 for
 * another path; 405 for another method; 413 for a body over {@value #MAX_BODY_BYTES} bytes; 503
 * while stopping or when full. Events are taken on {@code POST /} and on {@code POST
 * /<namespace>/<broker>}, the path of a Knative broker's ingress. {@code GET /healthz} answers 200.
 */
public final class BrokerServer implements AutoCloseable {
  /** Bodies larger than this are refused: events carry references to data, not data. */
  public static final int MAX_BODY_BYTES = 4 << 20;

  private static final Logger LOG = LoggerFactory.getLogger(BrokerServer.class);

  private final HttpServer server;
  private final ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
  private final ExecutorService deliveries = Executors.newVirtualThreadPerTaskExecutor();
  private final TriggerDelivery delivery;
  private final Map<String, Subscriber> subscribers;
  private final Options options;
  private final String brokerName;
  private final List<Consumer<CloudEvent>> listeners = new CopyOnWriteArrayList<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private int pending;
  private boolean stopping;

  /**
   * Limits of a broker server.
   *
   * @param maxPendingDeliveries deliveries that may wait or run at once before the ingress answers
   *     503
   * @param stopGrace how long {@link #close()} lets running deliveries finish
   */
  public record Options(int maxPendingDeliveries, Duration stopGrace) {
    /** 1,000 pending deliveries; 30 seconds to finish on stop. */
    public static final Options DEFAULT = new Options(1_000, Duration.ofSeconds(30));

    /** Validates the arguments. */
    public Options {
      Objects.requireNonNull(stopGrace, "stopGrace");
      if (maxPendingDeliveries < 1) {
        throw new IllegalArgumentException(
            "maxPendingDeliveries must be at least 1: " + maxPendingDeliveries);
      }
      if (stopGrace.isNegative()) {
        throw new IllegalArgumentException("stopGrace must not be negative: " + stopGrace);
      }
    }
  }

  private BrokerServer(
      HttpServer server,
      String brokerName,
      List<Trigger> triggers,
      Map<String, ? extends Subscriber> subscribers,
      DeadLetterLog deadLetters,
      Options options) {
    this.server = server;
    this.brokerName = brokerName;
    this.delivery = new TriggerDelivery(brokerName, triggers, deadLetters);
    this.subscribers = Map.copyOf(subscribers);
    this.options = options;
    server.setExecutor(requests);
    server.createContext("/", this::handle);
  }

  /**
   * Starts a broker named {@code brokerName} listening on {@code address} (port 0 picks a free
   * port), routing by those of {@code triggers} that subscribe to it.
   *
   * @param subscribers the running subscribers by the name Triggers give them (a Knative Service's
   *     name); events for a Trigger whose subscriber is not among them are dead-lettered
   * @param deadLetters where undeliverable events go
   * @return the running broker; {@link #close()} stops it
   * @throws IOException if the address cannot be bound
   */
  public static BrokerServer start(
      InetSocketAddress address,
      String brokerName,
      List<Trigger> triggers,
      Map<String, ? extends Subscriber> subscribers,
      DeadLetterLog deadLetters,
      Options options)
      throws IOException {
    Objects.requireNonNull(brokerName, "brokerName");
    Objects.requireNonNull(triggers, "triggers");
    Objects.requireNonNull(subscribers, "subscribers");
    Objects.requireNonNull(deadLetters, "deadLetters");
    Objects.requireNonNull(options, "options");
    BrokerServer broker =
        new BrokerServer(
            HttpServer.create(address, 0), brokerName, triggers, subscribers, deadLetters, options);
    broker.server.start();
    return broker;
  }

  /** The port the ingress listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The ingress address on loopback, what a {@code K_SINK} is set to. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + port() + "/");
  }

  /** The Triggers this broker routes by. */
  public List<Trigger> triggers() {
    return delivery.triggers();
  }

  /** The dead-letter log. */
  public DeadLetterLog deadLetters() {
    return delivery.deadLetters();
  }

  /**
   * Calls {@code listener} with every event the broker accepts, from a sender or as a reply, before
   * it is routed: for tests, logs and measurements. A listener must be quick and must not throw;
   * what it throws is logged and ignored.
   */
  public void addListener(Consumer<CloudEvent> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** The deliveries accepted and not yet finished (delivered or dead-lettered). */
  public int pendingDeliveries() {
    lock.lock();
    try {
      return pending;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until no delivery is pending.
   *
   * @return whether that happened within {@code timeout}
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lock();
    try {
      while (pending > 0) {
        if (nanos <= 0) {
          return false;
        }
        nanos = idle.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops taking events, lets running deliveries (and their retries) finish for {@link
   * Options#stopGrace}, then interrupts the rest, which end in the dead-letter log.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      stopping = true;
    } finally {
      lock.unlock();
    }
    server.stop(1);
    requests.close();
    deliveries.shutdown();
    try {
      if (!deliveries.awaitTermination(options.stopGrace().toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn(
            "broker {}: {} deliveries still running after {}; interrupting them",
            brokerName,
            pendingDeliveries(),
            options.stopGrace());
        deliveries.shutdownNow();
        deliveries.awaitTermination(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      deliveries.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      route(exchange);
    } catch (RuntimeException e) {
      LOG.error("unexpected failure handling a request", e);
      throw e;
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    if ("/healthz".equals(path)) {
      if ("GET".equals(method)) {
        JdkExchanges.respond(exchange, 200, JdkExchanges.object().put("status", "ok"));
      } else {
        JdkExchanges.methodNotAllowed(exchange, "GET", "GET");
      }
      return;
    }
    if (!ingressPath(path)) {
      JdkExchanges.error(
          exchange,
          404,
          "no such path: " + path + "; events go to POST / or /<namespace>/" + brokerName);
      return;
    }
    if (!"POST".equals(method)) {
      JdkExchanges.methodNotAllowed(exchange, "POST", "POST");
      return;
    }
    Optional<byte[]> body = JdkExchanges.body(exchange, MAX_BODY_BYTES);
    if (body.isEmpty()) {
      return;
    }
    CloudEvent event;
    try {
      event = JdkExchanges.cloudEvent(exchange, body.get());
    } catch (RuntimeException e) {
      // The SDK's reader throws unchecked exceptions naming what is missing or malformed.
      LOG.warn("refused a request that is not a CloudEvent: {}", e.getMessage());
      JdkExchanges.error(exchange, 400, "not a CloudEvent: " + e.getMessage());
      return;
    }
    String refusal = accept(event);
    if (refusal != null) {
      exchange.getResponseHeaders().set("Retry-After", "1");
      JdkExchanges.error(exchange, 503, refusal);
      return;
    }
    exchange.sendResponseHeaders(202, -1);
  }

  private boolean ingressPath(String path) {
    if ("/".equals(path)) {
      return true;
    }
    String[] parts = path.split("/", -1);
    return parts.length == 3 && !parts[1].isEmpty() && parts[2].equals(brokerName);
  }

  /**
   * Takes an event from a sender: schedules one delivery per matching Trigger.
   *
   * @return why the event was refused, or {@code null} once accepted
   */
  private String accept(CloudEvent event) {
    List<Trigger> matching = delivery.matching(event);
    lock.lock();
    try {
      if (stopping) {
        return "broker " + brokerName + " is stopping";
      }
      if (pending + matching.size() > options.maxPendingDeliveries()) {
        return "broker "
            + brokerName
            + " has "
            + pending
            + " deliveries pending, the most it takes is "
            + options.maxPendingDeliveries();
      }
      pending += matching.size();
    } finally {
      lock.unlock();
    }
    LOG.info(
        "accepted {} {} {} for {} trigger(s)",
        event.getType(),
        event.getSubject(),
        event.getId(),
        matching.size());
    notifyListeners(event);
    matching.forEach(trigger -> schedule(trigger, event));
    return null;
  }

  /** Takes a subscriber's reply: never refused, since its sender cannot retry it. */
  private void acceptReply(CloudEvent event) {
    List<Trigger> matching = delivery.matching(event);
    lock.lock();
    try {
      pending += matching.size();
    } finally {
      lock.unlock();
    }
    LOG.info("accepted reply {} {} {}", event.getType(), event.getSubject(), event.getId());
    notifyListeners(event);
    matching.forEach(trigger -> schedule(trigger, event));
  }

  private void schedule(Trigger trigger, CloudEvent event) {
    try {
      deliveries.execute(
          () -> {
            try {
              delivery
                  .deliver(trigger, subscribers.get(trigger.subscriber()), event)
                  .ifPresent(this::acceptReply);
            } finally {
              finished();
            }
          });
    } catch (RejectedExecutionException e) {
      // Only a reply arriving while the broker stops gets here: recorded, never silently lost.
      delivery.deadLetter(trigger, event, 0, "broker " + brokerName + " stopped before delivery");
      finished();
    }
  }

  private void finished() {
    lock.lock();
    try {
      pending--;
      if (pending == 0) {
        idle.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  private void notifyListeners(CloudEvent event) {
    for (Consumer<CloudEvent> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        LOG.warn("a listener failed on event {}", event.getId(), e);
      }
    }
  }
}
