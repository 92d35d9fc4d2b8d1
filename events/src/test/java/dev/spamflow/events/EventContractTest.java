package dev.spamflow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract holds together: every type has a schema and an example, every example is a valid
 * structured-mode CloudEvent whose data passes its schema and survives a trip through its record,
 * and the schemas name exactly the records' fields.
 */
class EventContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchemaFactory SCHEMAS =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private static final SchemaValidatorsConfig STRICT =
      SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
  private static final EventFormat STRUCTURED =
      EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);

  @ParameterizedTest
  @EnumSource(EventType.class)
  void theExampleIsAStructuredEventOfItsType(EventType type) throws IOException {
    CloudEvent event = STRUCTURED.deserialize(Files.readAllBytes(Examples.of(type)));

    assertThat(event.getType()).isEqualTo(type.type());
    assertThat(event.getDataContentType()).isEqualTo(SpamflowEvents.DATA_CONTENT_TYPE);
    assertThat(event.getSubject())
        .isEqualTo(SpamflowEvents.read(event, type.dataClass()).subject());
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void theExampleDataPassesTheSchema(EventType type) throws IOException {
    Set<ValidationMessage> errors = schema(type).validate(exampleData(type));

    assertThat(errors).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void theExampleDataSurvivesATripThroughTheRecord(EventType type) throws IOException {
    JsonNode data = exampleData(type);

    SpamflowEventData record = SpamflowEvents.fromJson(type, JSON.writeValueAsBytes(data));

    assertThat(record).isInstanceOf(type.dataClass());
    assertThat(record.eventType()).isEqualTo(type);
    assertThat(JSON.readTree(SpamflowEvents.toJson(record))).isEqualTo(data);
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void theSchemaNamesExactlyTheRecordsFields(EventType type) throws IOException {
    JsonNode schema = schemaNode(type);
    Set<String> properties = new HashSet<>();
    schema.path("properties").fieldNames().forEachRemaining(properties::add);
    Set<String> components =
        Arrays.stream(type.dataClass().getRecordComponents())
            .map(c -> c.getName())
            .collect(Collectors.toSet());

    assertThat(properties).isEqualTo(components);
    assertThat(schema.path("$id").asText()).endsWith("/" + type.type() + ".json");
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void theSchemaIsAValidDraft202012Schema(EventType type) throws IOException {
    JsonSchema meta =
        SCHEMAS.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

    assertThat(meta.validate(schemaNode(type))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void theSchemaInTheSourceTreeIsTheOneInTheJar(EventType type) throws IOException {
    try (InputStream packaged = EventType.class.getResourceAsStream(type.schemaResource())) {
      assertThat(packaged).as(type.schemaResource()).isNotNull();
      assertThat(packaged.readAllBytes())
          .isEqualTo(Files.readAllBytes(Examples.SCHEMAS.resolve(type.type() + ".json")));
    }
  }

  @Test
  void everyFileUnderSchemasAndExamplesBelongsToAType() throws IOException {
    Set<String> types =
        Arrays.stream(EventType.values()).map(t -> t.type() + ".json").collect(Collectors.toSet());

    assertThat(fileNames(Examples.SCHEMAS)).isEqualTo(types);
    Set<String> examples = new HashSet<>(types);
    examples.add("minio-put.json");
    assertThat(fileNames(Examples.EXAMPLES)).isEqualTo(examples);
  }

  @Test
  void aMisspeltFieldFailsTheSchema() throws IOException {
    JsonNode data = exampleData(EventType.MODEL_TRAINED);
    ((ObjectNode) data).set("runID", data.get("runId"));

    // Schemas are strict on purpose: a producer's typo must fail its tests, not reach consumers.
    assertThat(schema(EventType.MODEL_TRAINED).validate(data))
        .extracting(ValidationMessage::getMessage)
        .anySatisfy(message -> assertThat(message).contains("runID"));
  }

  @Test
  void readingIgnoresFieldsANewerProducerAdded() throws IOException {
    JsonNode data = exampleData(EventType.DATASET_CURATED);
    ((ObjectNode) data).put("addedLater", "x");

    SpamflowEventData record =
        SpamflowEvents.fromJson(EventType.DATASET_CURATED, JSON.writeValueAsBytes(data));

    assertThat(((DatasetCurated) record).datasetId()).isEqualTo(data.get("datasetId").asText());
  }

  @Test
  void createdEventsCarryTypeSubjectAndDataThatReadBack() {
    ModelTrained data =
        new ModelTrained("run-1", "ds-1", "runs:/run-1/model", Map.of("val_f1", 0.9), Map.of(), 1);

    CloudEvent event = SpamflowEvents.create(URI.create("/spamflow/train"), "train-run-1", data);

    assertThat(event.getType()).isEqualTo(EventTypes.MODEL_TRAINED);
    assertThat(event.getSubject()).isEqualTo("run-1");
    assertThat(event.getDataContentType()).isEqualTo("application/json");
    assertThat(event.getTime()).isNotNull();
    assertThat(SpamflowEvents.read(event, ModelTrained.class)).isEqualTo(data);
  }

  @Test
  void readingDataAsTheWrongTypeNamesTheEvent() throws IOException {
    CloudEvent event =
        STRUCTURED.deserialize(Files.readAllBytes(Examples.of(EventType.MODEL_PROMOTED)));

    assertThatThrownBy(() -> SpamflowEvents.read(event, ModelRejected.class))
        .isInstanceOf(EventDataException.class)
        .hasMessageContaining(event.getId())
        .hasMessageContaining(EventTypes.MODEL_PROMOTED);
  }

  @Test
  void invalidDataIsRefusedNamingTheField() {
    byte[] json =
        ("{\"datasetId\":\"d\",\"bucket\":\"b\",\"sourceKey\":\"inbox/x\",\"sourceEtag\":\"e\","
                + "\"prefix\":\"raw/d/\",\"manifestKey\":\"raw/d/manifest.json\","
                + "\"rejectsKey\":\"raw/d/rejects.jsonl\","
                + "\"counts\":{\"read\":10,\"accepted\":5,\"rejected\":1,\"duplicates\":1}}")
            .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> SpamflowEvents.fromJson(EventType.DATASET_INGESTED, json))
        .isInstanceOf(EventDataException.class)
        .hasMessageContaining("read (10) must equal accepted + rejected + duplicates (7)");
  }

  @Test
  void nullDataIsRefusedNotReadAsNoRecord() {
    // Found by the property-based API test: "data": null reached a stage as a null record.
    for (EventType type : EventType.values()) {
      assertThatThrownBy(
              () -> SpamflowEvents.fromJson(type, "null".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(EventDataException.class)
          .hasMessage(type.type() + " data is null; it must be a JSON object");
    }
  }

  @Test
  void missingDataIsRefusedNamingTheField() {
    byte[] json = "{\"runId\":\"r\"}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> SpamflowEvents.fromJson(EventType.MODEL_TRAINED, json))
        .isInstanceOf(EventDataException.class)
        .hasMessage("dev.spamflow.model.trained data is invalid: datasetId is required");
  }

  @Test
  void everyExampleTheReadmeNamesExists() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    Matcher matcher = Pattern.compile("events/examples/([A-Za-z0-9._-]+\\.json)").matcher(readme);
    List<String> named = matcher.results().map(m -> m.group(1)).toList();

    assertThat(named).isNotEmpty();
    assertThat(named).allSatisfy(name -> assertThat(Examples.EXAMPLES.resolve(name)).exists());
    // Every type's example is shown in the README, so the docs cover the whole contract.
    assertThat(readme).contains(Arrays.stream(EventType.values()).map(EventType::type).toList());
  }

  private static JsonNode exampleData(EventType type) throws IOException {
    return JSON.readTree(Examples.of(type).toFile()).get("data");
  }

  private static JsonNode schemaNode(EventType type) throws IOException {
    return JSON.readTree(Examples.SCHEMAS.resolve(type.type() + ".json").toFile());
  }

  private static JsonSchema schema(EventType type) throws IOException {
    return SCHEMAS.getSchema(schemaNode(type), STRICT);
  }

  private static Set<String> fileNames(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
  }
}
