package dev.spamflow.events.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BridgeConfigTest {
  private static final String SINK = "http://broker-ingress.knative-eventing.svc/spamflow/default";

  @TempDir Path temp;

  @Test
  void readsKnativeVariablesAndDefaultsThePort() {
    BridgeConfig config =
        BridgeConfig.fromEnv(
            Map.of(
                "K_SINK", SINK,
                "K_CE_OVERRIDES", "{\"extensions\":{\"origin\":\"minio\"}}",
                "SPAMFLOW_BRIDGE_TOKEN", "s3cret"));

    assertThat(config.port()).isEqualTo(BridgeConfig.DEFAULT_PORT);
    assertThat(config.token()).isEqualTo("s3cret");
    assertThat(config.publisher().sink()).isEqualTo(URI.create(SINK));
    assertThat(config.publisher().extensionOverrides()).containsEntry("origin", "minio");
    assertThat(config.toString()).doesNotContain("s3cret");
  }

  @Test
  void readsThePortAndATokenFile() throws IOException {
    Path token = Files.writeString(temp.resolve("token"), "from-file\n");

    BridgeConfig config =
        BridgeConfig.fromEnv(
            Map.of("K_SINK", SINK, "PORT", "9090", "SPAMFLOW_BRIDGE_TOKEN_FILE", token.toString()));

    assertThat(config.port()).isEqualTo(9090);
    assertThat(config.token()).isEqualTo("from-file");
  }

  @Test
  void refusesToStartWithoutTokenSinkOrAValidPort() {
    assertThatThrownBy(() -> BridgeConfig.fromEnv(Map.of("K_SINK", SINK)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SPAMFLOW_BRIDGE_TOKEN_FILE");
    assertThatThrownBy(() -> BridgeConfig.fromEnv(Map.of("SPAMFLOW_BRIDGE_TOKEN", "t")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("K_SINK");
    assertThatThrownBy(
            () ->
                BridgeConfig.fromEnv(
                    Map.of("K_SINK", SINK, "SPAMFLOW_BRIDGE_TOKEN", "t", "PORT", "http")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("PORT is not a port number: http");
    assertThatThrownBy(
            () ->
                BridgeConfig.fromEnv(
                    Map.of("K_SINK", SINK, "SPAMFLOW_BRIDGE_TOKEN", "t", "PORT", "70000")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("PORT must be between 0 and 65535");
  }
}
