package dev.spamflow.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every {@link DriftStageTest} again, over HTTP against the running service: binary and structured
 * requests, answers as Knative sees them.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.cloud.function.definition=drift")
class DriftStageIT extends DriftStageTest {
  @LocalServerPort int port;

  @Override
  Answer deliver(Map<String, String> headers, byte[] body) {
    return HttpDelivery.post(port, headers, body);
  }

  @Override
  String prometheusText() {
    Answer answer = HttpDelivery.get(port, "/actuator/prometheus");
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.body();
  }
}
