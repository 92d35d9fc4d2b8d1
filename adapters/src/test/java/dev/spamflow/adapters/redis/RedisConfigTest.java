package dev.spamflow.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisConfigTest {

  @TempDir Path dir;

  @Test
  void unsetMeansNoRedis() {
    assertThat(RedisConfig.fromEnv(Map.of())).isEmpty();
    assertThat(RedisConfig.fromEnv(Map.of(RedisConfig.URL_ENV, " "))).isEmpty();
  }

  @Test
  void theUrlMayComeFromAFileAndItsPasswordIsNeverShown() throws Exception {
    Path secret = Files.writeString(dir.resolve("url"), "redis://:s3cret@redis.spamflow:6379\n");

    RedisConfig config =
        RedisConfig.fromEnv(Map.of(RedisConfig.URL_ENV + "_FILE", secret.toString())).orElseThrow();

    assertThat(config.url().getHost()).isEqualTo("redis.spamflow");
    assertThat(config.project()).isEqualTo(RedisConfig.DEFAULT_PROJECT);
    assertThat(config.joinKey()).isEqualTo("message_id");
    assertThat(config.toString())
        .contains("redis://***@redis.spamflow:6379")
        .doesNotContain("s3cret");
  }

  @Test
  void aBadUrlIsRefusedWithoutQuotingIt() {
    assertThatThrownBy(() -> RedisConfig.fromEnv(Map.of(RedisConfig.URL_ENV, "http://:pw@h:1")))
        .hasMessageContaining("must be a redis:// or rediss:// URL")
        .hasMessageNotContaining("pw");
    assertThatThrownBy(() -> RedisConfig.fromEnv(Map.of(RedisConfig.URL_ENV, "redis://:p w@h:1")))
        .hasMessageContaining("is not a URL")
        .hasMessageNotContaining("p w");
  }
}
