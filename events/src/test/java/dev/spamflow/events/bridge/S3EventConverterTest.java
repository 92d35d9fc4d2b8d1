package dev.spamflow.events.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spamflow.events.Examples;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class S3EventConverterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final S3EventConverter converter = new S3EventConverter();

  @Test
  void theMinioExampleBecomesOneS3AdapterEvent() throws IOException {
    byte[] body = Examples.read("minio-put.json");

    List<CloudEvent> events = converter.convert(body);

    assertThat(events).hasSize(1);
    CloudEvent event = events.getFirst();
    assertThat(event.getType()).isEqualTo("com.amazonaws.s3.ObjectCreated:Put");
    assertThat(event.getSubject()).isEqualTo("inbox/my file.csv");
    // The region is empty in MinIO's default configuration, so the source has two dots.
    assertThat(event.getSource()).isEqualTo(URI.create("minio:s3..spamflow"));
    assertThat(event.getId())
        .isEqualTo(
            "1879F2C2A9D0B3E1.dd9025bab4ad464b049177c95eb6ebf374d3b3fd1af9251148b658df7ac2e3e8");
    assertThat(event.getTime()).isEqualTo(OffsetDateTime.parse("2026-11-22T05:09:58.117Z"));
    assertThat(event.getDataContentType()).isEqualTo("application/json");
    JsonNode record = JSON.readTree(body).get("Records").get(0);
    assertThat(JSON.readTree(event.getData().toBytes())).isEqualTo(record);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "inbox%2Fmy+file.csv|inbox/my file.csv",
        "inbox/my%20file.csv|inbox/my file.csv",
        "inbox%2Fcaf%C3%A9+%E6%97%A5%E6%9C%AC.tsv|inbox/café 日本.tsv",
        "inbox%2Fa%2Bb%25c.csv|inbox/a+b%c.csv",
        "inbox/plain.csv|inbox/plain.csv"
      })
  void theSubjectIsTheDecodedKey(String encoded, String decoded) throws IOException {
    ObjectNode body = example();
    record(body, 0).withObjectProperty("s3").withObjectProperty("object").put("key", encoded);

    assertThat(converter.convert(bytes(body)).getFirst().getSubject()).isEqualTo(decoded);
  }

  @Test
  void aRegionAppearsInTheSource() throws IOException {
    ObjectNode body = example();
    record(body, 0).put("awsRegion", "eu-west-1");

    assertThat(converter.convert(bytes(body)).getFirst().getSource())
        .isEqualTo(URI.create("minio:s3.eu-west-1.spamflow"));
  }

  @Test
  void severalRecordsBecomeSeveralEventsInOrder() throws IOException {
    ObjectNode body = example();
    ArrayNode records = (ArrayNode) body.get("Records");
    ObjectNode second = records.get(0).deepCopy();
    second.withObjectProperty("s3").withObjectProperty("object").put("key", "inbox%2Fsecond.csv");
    second.put("eventName", "s3:ObjectRemoved:Delete");
    second.withObjectProperty("responseElements").put("x-amz-request-id", "REQ2");
    records.add(second);

    List<CloudEvent> events = converter.convert(bytes(body));

    assertThat(events)
        .extracting(CloudEvent::getType, CloudEvent::getSubject)
        .containsExactly(
            tuple("com.amazonaws.s3.ObjectCreated:Put", "inbox/my file.csv"),
            tuple("com.amazonaws.s3.ObjectRemoved:Delete", "inbox/second.csv"));
    assertThat(events.get(1).getId()).startsWith("REQ2.");
  }

  @Test
  void aGenericS3BodyWithoutMinioFieldsIsAccepted() throws IOException {
    ObjectNode body = example();
    body.remove("EventName");
    body.remove("Key");

    assertThat(converter.convert(bytes(body)))
        .singleElement()
        .extracting(CloudEvent::getSubject)
        .isEqualTo("inbox/my file.csv");
  }

  @Test
  void anAwsTestNotificationAndAnEmptyRecordsArrayGiveNoEvents() {
    byte[] test =
        "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Bucket\":\"spamflow\"}"
            .getBytes(StandardCharsets.UTF_8);

    assertThat(converter.convert(test)).isEmpty();
    assertThat(converter.convert("{\"Records\":[]}".getBytes(StandardCharsets.UTF_8))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "eventName, Records[0].eventName",
    "eventTime, Records[0].eventTime",
    "s3, Records[0].s3.bucket.name",
    "responseElements, Records[0].responseElements.x-amz-request-id"
  })
  void aMissingFieldIsNamed(String field, String reason) throws IOException {
    ObjectNode body = example();
    record(body, 0).remove(field);

    assertThatThrownBy(() -> converter.convert(bytes(body)))
        .isInstanceOf(MalformedNotificationException.class)
        .hasMessage(reason + " is missing or empty");
  }

  @Test
  void aMissingKeyInALaterRecordIsNamedWithItsIndex() throws IOException {
    ObjectNode body = example();
    ArrayNode records = (ArrayNode) body.get("Records");
    ObjectNode second = records.get(0).deepCopy();
    ((ObjectNode) second.get("s3").get("object")).remove("key");
    records.add(second);

    assertThatThrownBy(() -> converter.convert(bytes(body)))
        .isInstanceOf(MalformedNotificationException.class)
        .hasMessage("Records[1].s3.object.key is missing or empty");
  }

  @Test
  void aMissingHostIdIsNamed() throws IOException {
    ObjectNode body = example();
    record(body, 0).withObjectProperty("responseElements").remove("x-amz-id-2");

    assertThatThrownBy(() -> converter.convert(bytes(body)))
        .hasMessage("Records[0].responseElements.x-amz-id-2 is missing or empty");
  }

  @Test
  void badValuesAreNamed() throws IOException {
    ObjectNode badTime = example();
    record(badTime, 0).put("eventTime", "yesterday");
    ObjectNode badKey = example();
    record(badKey, 0).withObjectProperty("s3").withObjectProperty("object").put("key", "inbox%2");

    assertThatThrownBy(() -> converter.convert(bytes(badTime)))
        .hasMessage("Records[0].eventTime is not an RFC 3339 time: yesterday");
    assertThatThrownBy(() -> converter.convert(bytes(badKey)))
        .hasMessage("Records[0].s3.object.key is not URL-encoded correctly: inbox%2");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "not json|body is not JSON",
        "[1,2]|body must be a JSON object with a Records array",
        "{}|Records is missing",
        "{\"Records\":{}}|Records must be an array",
        "{\"Records\":[42]}|Records[0] must be an object"
      })
  void aBodyThatIsNoNotificationIsRefusedWithTheReason(String body, String reason) {
    assertThatThrownBy(() -> converter.convert(body.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedNotificationException.class)
        .hasMessageStartingWith(reason);
  }

  private static ObjectNode example() throws IOException {
    return (ObjectNode) JSON.readTree(Examples.read("minio-put.json"));
  }

  private static ObjectNode record(ObjectNode body, int index) {
    return (ObjectNode) body.get("Records").get(index);
  }

  private static byte[] bytes(JsonNode node) throws IOException {
    return JSON.writeValueAsBytes(node);
  }
}
