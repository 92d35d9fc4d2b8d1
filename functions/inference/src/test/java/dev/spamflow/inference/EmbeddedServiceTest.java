package dev.spamflow.inference;

import dev.spamflow.core.port.ModelVersion;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The base of the {@code @MicronautTest} classes that run the whole service in-process on the
 * embedded backends. It gives each test class:
 *
 * <ul>
 *   <li>{@link #root}, a temporary folder of its own, created with the test instance and deleted
 *       (after the service has stopped) once the class has run;
 *   <li>the properties every such test needs: a random server port, the embedded backends, and
 *       their data under {@code root/data}; a subclass adds its own in {@link #extraProperties()};
 *   <li>the running {@link #server} and its {@link #backends}, injected;
 *   <li>{@link #http()}, a client for the server, {@link #register(Path)}, which registers a bundle
 *       as the new champion, and {@link #servingVersion()}, the version the readiness probe
 *       reports.
 * </ul>
 *
 * <p>A subclass still carries {@code @MicronautTest} itself. The instance lives per class, so the
 * service, the folder and the registry are shared by the class's test methods.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EmbeddedServiceTest implements TestPropertyProvider {

  /** This test class's temporary folder; the embedded backends keep their data in {@code data}. */
  protected final Path root;

  @Inject protected EmbeddedServer server;
  @Inject protected Backends backends;

  protected EmbeddedServiceTest() {
    try {
      root = Files.createTempDirectory("spamflow-" + getClass().getSimpleName());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public final Map<String, String> getProperties() {
    Map<String, String> properties = new HashMap<>();
    properties.put("micronaut.server.port", "-1");
    properties.put("spamflow.inference.backends", "embedded");
    properties.put("spamflow.inference.local-dir", root.resolve("data").toString());
    properties.putAll(extraProperties());
    return properties;
  }

  /** The test class's own properties, added to (or overriding) the common ones; none by default. */
  protected Map<String, String> extraProperties() {
    return Map.of();
  }

  /** A client for the running server. */
  protected TestHttp http() {
    return new TestHttp(server.getURI());
  }

  /** Registers a bundle folder as a new version and points the {@code champion} alias at it. */
  protected ModelVersion register(Path bundle) {
    return TestBundles.register(backends.registry(), bundle, Optional.of("champion"));
  }

  /** The champion version the readiness probe reports. */
  protected String servingVersion() {
    return TestHttp.json(http().get("/health/readiness")).get("model").get("version").asText();
  }

  @AfterAll
  void deleteRoot() throws IOException {
    // Stop the service first: its watcher and prediction log write under root until they close.
    // Micronaut Test closes the context after this method and accepts one already stopped.
    if (server != null) {
      server.getApplicationContext().stop();
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(root)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path path : paths) {
      Files.delete(path);
    }
  }
}
