package dev.spamflow.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spamflow.pipeline.event.InvalidEventException;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

class CloudEventMessagesTest {
  private static final CloudEvent EVENT =
      CloudEventBuilder.v1()
          .withId("e1")
          .withType("com.amazonaws.s3.ObjectCreated:Put")
          .withSource(URI.create("minio:s3..spamflow"))
          .withSubject("inbox/日本 100%.csv")
          .withDataContentType("application/json")
          .withData("{\"a\":1}".getBytes(StandardCharsets.UTF_8))
          .build();

  @Test
  void aBinaryMessageIsReadBack() {
    CloudEvent read = CloudEventMessages.read(CloudEventMessages.binary(EVENT));

    assertThat(read).isEqualTo(EVENT);
  }

  @Test
  void percentEncodedAndUnderscoreHeadersAreRead() {
    Message<byte[]> message =
        MessageBuilder.withPayload("{}".getBytes(StandardCharsets.UTF_8))
            .copyHeaders(
                Map.of(
                    "ce_specversion", "1.0",
                    "ce_id", "e2",
                    "ce_source", "/test",
                    "ce_type", "dev.spamflow.model.trained",
                    "ce-subject", "inbox/%E6%97%A5%20x.csv",
                    "contentType", "application/json"))
            .build();

    CloudEvent read = CloudEventMessages.read(message);

    assertThat(read.getType()).isEqualTo("dev.spamflow.model.trained");
    assertThat(read.getSubject()).isEqualTo("inbox/日 x.csv");
  }

  @Test
  void aStructuredMessageIsReadAsSentAndAsSpringRewritesIt() {
    String json =
        "{\"specversion\":\"1.0\",\"id\":\"e3\",\"source\":\"/test\",\"type\":\"t\","
            + "\"subject\":\"inbox/%41.csv\","
            + "\"datacontenttype\":\"application/json\",\"data\":{\"a\":1}}";
    Message<byte[]> sent =
        MessageBuilder.withPayload(json.getBytes(StandardCharsets.UTF_8))
            .setHeader("contentType", "application/cloudevents+json")
            .build();
    // Spring Cloud Function moves the attributes into headers and keeps the content type.
    Message<byte[]> rewritten =
        MessageBuilder.withPayload("{\"a\":1}".getBytes(StandardCharsets.UTF_8))
            .copyHeaders(
                Map.of(
                    "ce-specversion", "1.0",
                    "ce-id", "e3",
                    "ce-source", "/test",
                    "ce-type", "t",
                    "ce-subject", "inbox/%41.csv",
                    "ce-datacontenttype", "application/json",
                    "contentType", "application/cloudevents+json"))
            .build();

    for (Message<byte[]> message : List.of(sent, rewritten)) {
      CloudEvent read = CloudEventMessages.read(message);
      assertThat(read.getId()).isEqualTo("e3");
      // In structured mode a % in an attribute is a literal %, not an escape.
      assertThat(read.getSubject()).isEqualTo("inbox/%41.csv");
      assertThat(read.getDataContentType()).isEqualTo("application/json");
      assertThat(new String(read.getData().toBytes(), StandardCharsets.UTF_8))
          .isEqualTo("{\"a\":1}");
    }
  }

  @Test
  void whatIsNoEventIsRefusedWithTheReason() {
    Message<byte[]> noType =
        MessageBuilder.withPayload(new byte[0])
            .copyHeaders(Map.of("ce-specversion", "1.0", "ce-id", "x", "ce-source", "/s"))
            .build();
    Message<byte[]> plain =
        MessageBuilder.withPayload("hello".getBytes(StandardCharsets.UTF_8))
            .setHeader("contentType", "text/plain")
            .build();

    assertThatThrownBy(() -> CloudEventMessages.read(noType))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("ce-type");
    assertThatThrownBy(() -> CloudEventMessages.read(plain))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("not a CloudEvent");
  }
}
