package dev.spamflow.devtools.broker;

import dev.spamflow.adapters.Settings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link BrokerServer} by hand, standing in for the Knative Broker on a machine without a
 * cluster:
 *
 * <pre>
 * PORT=8090 java -cp … dev.spamflow.devtools.broker.BrokerServerMain \
 *     --triggers knative/base \
 *     --route ingest=http://127.0.0.1:8081 --route curate=http://127.0.0.1:8082 \
 *     --route train=http://127.0.0.1:8083 --route register=http://127.0.0.1:8084
 * </pre>
 *
 * <p>Options: {@code --triggers PATH} (a Trigger manifest or a folder of them, required), {@code
 * --route SERVICE=URL} (repeatable: where the subscriber a Trigger names listens), {@code --broker
 * NAME} (the broker whose Triggers count; default: the one broker the manifests name), {@code
 * --dead-letters FILE} (default {@code dead-letters.jsonl}), {@code --timeout DURATION} (longest
 * wait for a subscriber's answer, ISO-8601, default {@code PT15M}). The port comes from {@code
 * PORT} (default 8080), as Knative sets it. Runs until the process is stopped, then stops
 * gracefully.
 */
public final class BrokerServerMain {
  /**
   * The broker's logback configuration. Not named {@code logback.xml}: the adapters jar is a
   * library, and must not configure the logging of the services that use it.
   */
  static final String LOGBACK_CONFIG = "broker-server-logback.xml";

  /** The port used when {@code PORT} is unset. */
  static final int DEFAULT_PORT = 8080;

  private BrokerServerMain() {}

  /**
   * The command line, parsed.
   *
   * @param triggers where the Trigger manifests are
   * @param routes subscriber name → address
   * @param broker the broker's name, or {@code null} to take the one the manifests name
   * @param deadLetters the dead-letter log file
   * @param timeout the longest wait for a subscriber's answer
   */
  record Arguments(
      Path triggers, Map<String, URI> routes, String broker, Path deadLetters, Duration timeout) {
    /**
     * Parses the options documented on {@link BrokerServerMain}.
     *
     * @throws IllegalArgumentException naming the option that is missing or malformed
     */
    static Arguments parse(List<String> args) {
      Path triggers = null;
      Map<String, URI> routes = new LinkedHashMap<>();
      String broker = null;
      Path deadLetters = Path.of("dead-letters.jsonl");
      Duration timeout = HttpSubscriber.DEFAULT_TIMEOUT;
      for (int i = 0; i < args.size(); i++) {
        String option = args.get(i);
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException(option + " needs a value");
        }
        String value = args.get(++i);
        switch (option) {
          case "--triggers" -> triggers = Path.of(value);
          case "--route" -> {
            int equals = value.indexOf('=');
            if (equals <= 0 || equals == value.length() - 1) {
              throw new IllegalArgumentException("--route wants SERVICE=URL, got " + value);
            }
            URI uri = URI.create(value.substring(equals + 1));
            if (uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
              throw new IllegalArgumentException("--route needs an http(s) URL, got " + value);
            }
            routes.put(value.substring(0, equals), uri);
          }
          case "--broker" -> broker = value;
          case "--dead-letters" -> deadLetters = Path.of(value);
          case "--timeout" -> {
            try {
              timeout = Duration.parse(value);
            } catch (DateTimeParseException e) {
              throw new IllegalArgumentException(
                  "--timeout wants an ISO-8601 duration such as PT15M, got " + value, e);
            }
          }
          default -> throw new IllegalArgumentException("unknown option " + option);
        }
      }
      if (triggers == null) {
        throw new IllegalArgumentException("--triggers PATH is required");
      }
      return new Arguments(triggers, Map.copyOf(routes), broker, deadLetters, timeout);
    }

    /**
     * The broker to serve: the one named, else the only one the Triggers subscribe to.
     *
     * @throws IllegalArgumentException if none is named and the Triggers name several or none
     */
    String brokerFor(List<Trigger> all) {
      if (broker != null) {
        return broker;
      }
      Set<String> names = new TreeSet<>();
      all.forEach(trigger -> names.add(trigger.broker()));
      if (names.size() != 1) {
        throw new IllegalArgumentException(
            "the Triggers in "
                + triggers
                + " name brokers "
                + names
                + "; choose one with --broker");
      }
      return names.iterator().next();
    }
  }

  /**
   * Runs the broker.
   *
   * @throws IOException if the port cannot be bound or the manifests cannot be read
   * @throws InterruptedException if interrupted while serving
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
    }
    // Created after the property is set: the first logger initialises logback.
    Logger log = LoggerFactory.getLogger(BrokerServerMain.class);
    Arguments arguments;
    List<Trigger> triggers;
    String broker;
    int port;
    try {
      arguments = Arguments.parse(List.of(args));
      triggers = TriggerManifests.read(arguments.triggers());
      broker = arguments.brokerFor(triggers);
      port = Settings.of(System.getenv()).port("PORT", DEFAULT_PORT);
    } catch (IllegalArgumentException | IllegalStateException e) {
      log.error("cannot start the broker: {}", e.getMessage());
      System.exit(2);
      return;
    }
    HttpClient client = HttpClient.newHttpClient();
    Map<String, Subscriber> subscribers = new LinkedHashMap<>();
    arguments
        .routes()
        .forEach(
            (name, uri) ->
                subscribers.put(name, new HttpSubscriber(uri, client, arguments.timeout())));
    BrokerServer server =
        BrokerServer.start(
            new InetSocketAddress(port),
            broker,
            triggers,
            subscribers,
            new DeadLetterLog(arguments.deadLetters()),
            BrokerServer.Options.DEFAULT);
    List<String> unrouted = new ArrayList<>();
    for (Trigger trigger : server.triggers()) {
      if (!subscribers.containsKey(trigger.subscriber())) {
        unrouted.add(trigger.name() + " → " + trigger.subscriber());
      }
    }
    if (!unrouted.isEmpty()) {
      log.warn("no --route for {}: their events go to the dead-letter log", unrouted);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform()
                .unstarted(
                    () -> {
                      server.close();
                      stopped.countDown();
                    }));
    log.info(
        "broker {} listening on port {} with {} trigger(s), routes {}, dead letters in {}",
        broker,
        server.port(),
        server.triggers().size(),
        arguments.routes(),
        arguments.deadLetters().toAbsolutePath());
    stopped.await();
  }
}
