package dev.spamflow.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.core.data.TestData;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.events.SpamflowEventData;
import dev.spamflow.events.SpamflowEvents;
import dev.spamflow.pipeline.DatasetRef;
import dev.spamflow.pipeline.curate.CurateFunction;
import dev.spamflow.pipeline.curate.CurateSettings;
import dev.spamflow.pipeline.event.CurateEventHandler;
import dev.spamflow.pipeline.event.IngestEventHandler;
import dev.spamflow.pipeline.event.InvalidEventException;
import dev.spamflow.pipeline.ingest.IngestFunction;
import dev.spamflow.pipeline.ingest.IngestSettings;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What every stage test shares: one data directory and one recording sink for the whole JVM (so
 * Spring's context cache can keep one context per stage), real SMS data, and delivery of a request
 * to the stage. Here a request goes through Spring Cloud Function's {@link FunctionCatalog} as a
 * message; the {@code *IT} subclasses override {@link #deliver} to send it over HTTP instead, so
 * every test runs at both tiers.
 */
abstract class StageTestBase {
  static final Path DIR = temporaryDirectory("spamflow-stages-");
  static final SinkServer SINK = new SinkServer();

  /**
   * Creates a folder that lives as long as the JVM: the contexts that use it are cached across test
   * classes, so no single class may delete it.
   */
  static Path temporaryDirectory(String prefix) {
    try {
      Path dir = Files.createTempDirectory(prefix);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // Best effort at exit: a leftover temporary file harms nothing.
                }
              });
    } catch (IOException e) {
      // Same: the folder may be gone already.
    }
  }

  @Autowired FunctionCatalog catalog;
  @Autowired ObjectStore store;

  /** What the request's sender sees. */
  record Answer(int status, String body, Map<String, List<String>> headers) {}

  @DynamicPropertySource
  static void environment(DynamicPropertyRegistry registry) {
    registry.add("K_SINK", () -> SINK.uri().toString());
    registry.add("SPAMFLOW_LOCAL_DIR", DIR::toString);
    // One trial of one epoch on a few hundred messages: the whole search in seconds.
    registry.add("SPAMFLOW_TRAIN_TRIALS", () -> "1");
    registry.add("SPAMFLOW_TRAIN_MAX_EPOCHS", () -> "1");
  }

  /**
   * Returns an event id unique to this test class, so the tiers can share one sink in one JVM.
   *
   * @param name the id within the class
   */
  String id(String name) {
    return getClass().getSimpleName() + "." + name;
  }

  /** The stage under test, as its function is named. */
  abstract String stage();

  /**
   * Delivers a request to the stage: through the function catalog, with the answer an HTTP host
   * gives (202, or 400 for an event the stage cannot take).
   */
  Answer deliver(Map<String, String> headers, byte[] body) {
    FunctionInvocationWrapper function = catalog.lookup(stage());
    Map<String, Object> messageHeaders = new HashMap<>();
    headers.forEach(
        (name, value) ->
            messageHeaders.put(
                name.equalsIgnoreCase("content-type") ? MessageHeaders.CONTENT_TYPE : name, value));
    try {
      function.apply(MessageBuilder.withPayload(body).copyHeaders(messageHeaders).build());
      return new Answer(202, "", Map.of());
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof InvalidEventException invalid) {
          return new Answer(400, invalid.getMessage(), Map.of());
        }
      }
      throw e;
    }
  }

  /** Delivers {@code event} in binary mode: attributes as {@code ce-*} headers. */
  Answer deliverBinary(CloudEvent event) {
    Map<String, String> headers = new LinkedHashMap<>();
    byte[][] body = {new byte[0]};
    HttpMessageFactory.createWriter(
            headers::put, bytes -> body[0] = bytes == null ? body[0] : bytes)
        .writeBinary(event);
    return deliver(headers, body[0]);
  }

  /** Delivers {@code event} in structured mode: the whole event as JSON. */
  Answer deliverStructured(CloudEvent event) {
    byte[] json =
        EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE).serialize(event);
    return deliver(Map.of("content-type", JsonFormat.CONTENT_TYPE), json);
  }

  /** Asserts a 2xx answer that carries no event (no body, no {@code ce-*} header). */
  static void assertAcknowledged(Answer answer) {
    assertThat(answer.status()).as(answer.body()).isBetween(200, 299);
    assertThat(answer.body()).isEmpty();
    // A Knative broker would publish an answer with ce-* headers as a reply event.
    assertThat(answer.headers().keySet())
        .noneMatch(name -> name.toLowerCase(Locale.ROOT).startsWith("ce-"));
  }

  /** Asserts a 400 whose body names {@code reason}. */
  static void assertRejected(Answer answer, String reason) {
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body()).contains(reason);
  }

  /** The only event the sink received with {@code id}, read as {@code type}. */
  static <T extends SpamflowEventData> T published(String id, Class<T> type) {
    List<CloudEvent> events = SINK.withId(id);
    assertThat(events).as("events published with id %s", id).hasSize(1);
    return SpamflowEvents.read(events.getFirst(), type);
  }

  /** Lines {@code from} (inclusive) to {@code to} of the SMS collection, as an upload's content. */
  static byte[] sms(int from, int to) {
    try {
      List<String> lines = Files.readAllLines(TestData.sms(), StandardCharsets.UTF_8);
      return (String.join("\n", lines.subList(from, to)) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An S3-style object-created event, shaped as the minio-bridge shapes it. */
  static CloudEvent objectCreated(String id, String key) {
    String record =
        "{\"eventName\":\"s3:ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"spamflow\"},"
            + "\"object\":{\"key\":\""
            + URLEncoder.encode(key, StandardCharsets.UTF_8)
            + "\",\"eTag\":\"e1\",\"size\":1}}}";
    return CloudEventBuilder.v1()
        .withId(id)
        .withType("com.amazonaws.s3.ObjectCreated:Put")
        .withSource(URI.create("minio:s3..spamflow"))
        .withSubject(key)
        .withDataContentType("application/json")
        .withData(record.getBytes(StandardCharsets.UTF_8))
        .build();
  }

  /** Uploads {@code content} as {@code key} and ingests it with the plain stage. */
  static DatasetRef ingested(ObjectStore store, String key, byte[] content) {
    store.put(key, content, "text/tab-separated-values");
    return new IngestEventHandler(new IngestFunction(store, IngestSettings.DEFAULT), store)
        .handle(objectCreated("fixture-" + key, key))
        .result()
        .dataset()
        .orElseThrow();
  }

  /** Curates an ingested dataset with the plain stage and returns its dataset.curated event. */
  static CloudEvent curated(ObjectStore store, DatasetRef dataset) {
    return new CurateEventHandler(new CurateFunction(store, CurateSettings.DEFAULT), store)
        .handle(objectCreated("fixture-" + dataset.id(), dataset.raw(DatasetRef.MANIFEST)))
        .event()
        .orElseThrow();
  }

  /** An event of one of our types carrying {@code data}. */
  static CloudEvent event(String id, SpamflowEventData data) {
    return SpamflowEvents.create(URI.create("/test"), id, data);
  }

  /**
   * Every file under the data directory with its size and modification time, to show that a
   * redelivery wrote nothing.
   */
  static Map<String, String> snapshot() {
    try (Stream<Path> files = Files.walk(DIR)) {
      Map<String, String> result = new TreeMap<>();
      files
          .filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().endsWith(".lock"))
          .forEach(
              f -> {
                try {
                  BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                  result.put(DIR.relativize(f).toString(), a.size() + "@" + a.lastModifiedTime());
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
