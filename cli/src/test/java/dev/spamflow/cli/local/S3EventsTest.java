package dev.spamflow.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.core.port.ObjectInfo;
import dev.spamflow.events.EventTypes;
import dev.spamflow.pipeline.ObjectCreated;
import dev.spamflow.pipeline.event.S3ObjectEvents;
import io.cloudevents.CloudEvent;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The local store's notifications are the bridge's events, read back as ingest reads them. */
class S3EventsTest {
  private static final ObjectInfo UPLOAD =
      new ObjectInfo("inbox/my sms+spam.csv", 1234, "etag-1", Instant.EPOCH, "text/csv", Map.of());

  @Test
  void anUploadBecomesThePutEventIngestReadsBackExactly() {
    CloudEvent event = S3Events.objectCreated("spamflow", UPLOAD);

    assertThat(event.getType()).isEqualTo(EventTypes.S3_OBJECT_CREATED_PUT);
    assertThat(event.getSource()).isEqualTo(URI.create("minio:s3..spamflow"));
    assertThat(event.getSubject()).isEqualTo("inbox/my sms+spam.csv");
    assertThat(event.getId()).endsWith("." + S3Events.HOST_ID);
    assertThat(event.getTime()).isNotNull();
    assertThat(S3ObjectEvents.toObjectCreated(event))
        .isEqualTo(new ObjectCreated("spamflow", "inbox/my sms+spam.csv", "etag-1", 1234));
  }

  @Test
  void everyPutIsANewRequestWithItsOwnId() {
    assertThat(S3Events.objectCreated("spamflow", UPLOAD).getId())
        .isNotEqualTo(S3Events.objectCreated("spamflow", UPLOAD).getId());
  }
}
