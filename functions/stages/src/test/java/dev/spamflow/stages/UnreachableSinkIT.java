package dev.spamflow.stages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spamflow.core.port.ObjectStore;
import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A broker that cannot be reached is an infrastructure failure: 503, so Knative retries. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.cloud.function.definition=ingest", "K_SINK=http://127.0.0.1:1/"})
class UnreachableSinkIT {
  private static final Path DIR = StageTestBase.temporaryDirectory("spamflow-unreachable-");

  @LocalServerPort int port;
  @Autowired ObjectStore store;

  @DynamicPropertySource
  static void environment(DynamicPropertyRegistry registry) {
    registry.add("SPAMFLOW_LOCAL_DIR", DIR::toString);
  }

  @Test
  void anEventWhoseOutputCannotBePublishedIsAnswered503() {
    store.put("inbox/sms-unreachable.tsv", StageTestBase.sms(0, 100), "text/plain");
    CloudEvent upload = StageTestBase.objectCreated("unreachable", "inbox/sms-unreachable.tsv");
    Map<String, String> headers = new LinkedHashMap<>();
    byte[][] body = {new byte[0]};
    HttpMessageFactory.createWriter(headers::put, bytes -> body[0] = bytes).writeBinary(upload);

    StageTestBase.Answer answer = HttpDelivery.post(port, headers, body[0]);

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.body()).contains("127.0.0.1:1");
  }
}
