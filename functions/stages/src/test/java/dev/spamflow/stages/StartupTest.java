package dev.spamflow.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spamflow.core.port.ModelRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** What a service checks when it starts. */
class StartupTest {
  @TempDir Path temp;

  private SpringApplicationBuilder app(String... properties) {
    return new SpringApplicationBuilder(StagesApplication.class)
        .web(WebApplicationType.NONE)
        .properties("SPAMFLOW_LOCAL_DIR=" + temp)
        .properties(properties);
  }

  @Test
  void aStageWithoutSinkFailsAtStartNamingKSink() {
    assertThatThrownBy(() -> app("spring.cloud.function.definition=ingest").run().close())
        .hasStackTraceContaining("K_SINK is not set");
  }

  @Test
  void aDefinitionThatNamesNoStageFailsAtStart() {
    assertThatThrownBy(
            () -> app("spring.cloud.function.definition=ingset", "K_SINK=http://x/").run().close())
        .hasStackTraceContaining("SPRING_CLOUD_FUNCTION_DEFINITION must name one stage");
  }

  @Test
  void onlyTheSelectedStageAndItsAdaptersAreBuilt() {
    try (ConfigurableApplicationContext context =
        app("spring.cloud.function.definition=ingest", "K_SINK=http://x/").run()) {
      assertThat(context.containsBean("ingest")).isTrue();
      assertThat(context.containsBean("curate")).isFalse();
      assertThat(context.containsBean("train")).isFalse();
      // No registry: the ingest service never touches MLflow or the model code.
      assertThat(context.getBeansOfType(ModelRegistry.class)).isEmpty();
    }
  }
}
