package dev.spamflow.devtools.broker;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads Knative {@code Trigger} objects from the project's manifests, so the in-process broker
 * routes exactly as the cluster does. Other kinds in the same files are ignored.
 */
public final class TriggerManifests {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private TriggerManifests() {}

  /**
   * Reads every Trigger in a YAML file (several documents allowed) or in the {@code .yaml}/{@code
   * .yml} files below a directory.
   *
   * @throws IllegalArgumentException naming the file and Trigger when a filter or delivery setting
   *     cannot be honoured locally (a CESQL filter, say)
   * @throws UncheckedIOException if a file cannot be read
   */
  public static List<Trigger> read(Path fileOrDirectory) {
    List<Trigger> triggers = new ArrayList<>();
    try {
      for (Path file : yamlFiles(fileOrDirectory)) {
        try (JsonParser parser = YAML.createParser(file.toFile());
            MappingIterator<JsonNode> documents = YAML.readValues(parser, JsonNode.class)) {
          while (documents.hasNext()) {
            JsonNode document = documents.next();
            if (document != null && "Trigger".equals(document.path("kind").asText())) {
              triggers.add(parse(file, document));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Trigger manifests in " + fileOrDirectory, e);
    }
    return triggers;
  }

  private static List<Path> yamlFiles(Path fileOrDirectory) throws IOException {
    if (!Files.isDirectory(fileOrDirectory)) {
      return List.of(fileOrDirectory);
    }
    try (Stream<Path> paths = Files.walk(fileOrDirectory)) {
      return paths
          .filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
    }
  }

  static Trigger parse(Path file, JsonNode document) {
    String name = document.path("metadata").path("name").asText();
    String where = "Trigger " + name + " in " + file;
    JsonNode spec = document.path("spec");
    // With both present, Knative uses spec.filters and ignores spec.filter.
    EventFilter filter =
        spec.has("filters")
            ? new EventFilter.All(parseFilters(where + ": spec.filters", spec.path("filters")))
            : new EventFilter.Exact(
                attributeNames(
                    where + ": spec.filter.attributes",
                    strings(spec.path("filter").path("attributes"))));
    JsonNode subscriber = spec.path("subscriber");
    String subscriberName =
        subscriber.path("ref").hasNonNull("name")
            ? subscriber.path("ref").path("name").asText()
            : subscriber.path("uri").asText("");
    if (subscriberName.isEmpty()) {
      throw new IllegalArgumentException(where + " has no spec.subscriber.ref.name or uri");
    }
    return new Trigger(
        name, spec.path("broker").asText("default"), filter, subscriberName, delivery(where, spec));
  }

  private static List<EventFilter> parseFilters(String where, JsonNode filters) {
    List<EventFilter> parsed = new ArrayList<>();
    int index = 0;
    for (JsonNode filter : filters) {
      parsed.add(parseFilter(where + "[" + index++ + "]", filter));
    }
    return parsed;
  }

  /**
   * Parses one entry of {@code spec.filters} as strictly as Knative Eventing's webhook does ({@code
   * ValidateSubscriptionAPIFilter} in {@code pkg/apis/eventing/v1/trigger_validation.go}): one
   * dialect per entry ({@code ValidateOneOf}); one attribute per {@code exact}, {@code prefix} or
   * {@code suffix} ({@code ValidateSingleAttributeMap}: "Multiple items found, can have only one
   * key-value"); attribute names lowercase alphanumeric, starting with a letter. A Trigger the
   * cluster would refuse must not route here.
   */
  private static EventFilter parseFilter(String where, JsonNode filter) {
    if (filter.size() != 1) {
      throw new IllegalArgumentException(
          where
              + ": multiple dialects found, filters can have only one dialect set (Knative"
              + " refuses this Trigger); found "
              + filter);
    }
    String dialect = filter.fieldNames().next();
    JsonNode body = filter.path(dialect);
    String at = where + "." + dialect;
    return switch (dialect) {
      case "exact" -> new EventFilter.Exact(singleAttribute(at, strings(body)));
      case "prefix" -> new EventFilter.Prefix(singleAttribute(at, strings(body)));
      case "suffix" -> new EventFilter.Suffix(singleAttribute(at, strings(body)));
      case "all" -> new EventFilter.All(parseFilters(at, body));
      case "any" -> new EventFilter.Any(parseFilters(at, body));
      case "not" -> new EventFilter.Not(parseFilter(at, body));
      default ->
          throw new IllegalArgumentException(
              where
                  + ": filter dialect '"
                  + dialect
                  + "' is not supported by the in-process broker (use exact, prefix, suffix, all,"
                  + " any or not)");
    };
  }

  private static DeliverySpec delivery(String where, JsonNode spec) {
    JsonNode delivery = spec.path("delivery");
    if (delivery.isMissingNode()) {
      return DeliverySpec.DEFAULT;
    }
    JsonNode sink = delivery.path("deadLetterSink");
    Optional<String> deadLetterSink =
        sink.isMissingNode()
            ? Optional.empty()
            : Optional.of(
                sink.path("ref").hasNonNull("name")
                    ? sink.path("ref").path("kind").asText("")
                        + "/"
                        + sink.path("ref").path("name").asText()
                    : sink.path("uri").asText());
    try {
      return new DeliverySpec(
          delivery.path("retry").asInt(DeliverySpec.DEFAULT.retry()),
          DeliverySpec.BackoffPolicy.valueOf(
              delivery.path("backoffPolicy").asText("exponential").toUpperCase(Locale.ROOT)),
          delivery.hasNonNull("backoffDelay")
              ? Duration.parse(delivery.path("backoffDelay").asText())
              : DeliverySpec.DEFAULT.backoffDelay(),
          deadLetterSink);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new IllegalArgumentException(where + ": invalid spec.delivery: " + e.getMessage(), e);
    }
  }

  /** Knative's {@code validAttributeName}: lowercase alphanumeric, starting with a letter. */
  private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[a-z][a-z0-9]*");

  private static Map<String, String> singleAttribute(String where, Map<String, String> values) {
    if (values.size() > 1) {
      throw new IllegalArgumentException(
          where
              + ": Multiple items found, can have only one key-value (Knative refuses this"
              + " Trigger: give each attribute its own entry of spec.filters, which are ANDed);"
              + " found "
              + values.keySet());
    }
    return attributeNames(where, values);
  }

  private static Map<String, String> attributeNames(String where, Map<String, String> values) {
    for (String name : values.keySet()) {
      if (!ATTRIBUTE_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            where
                + ": invalid key name \""
                + name
                + "\": Attribute name must start with a letter and can only contain lowercase"
                + " alphanumeric (Knative refuses this Trigger)");
      }
    }
    return values;
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : object.properties()) {
      values.put(entry.getKey(), entry.getValue().asText());
    }
    return values;
  }
}
