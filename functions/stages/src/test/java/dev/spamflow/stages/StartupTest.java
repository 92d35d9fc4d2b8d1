package dev.spamflow.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;
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
  void onlyTheSelectedStageAndThePortsItUsesAreBuilt() {
    try (ConfigurableApplicationContext context =
        app("spring.cloud.function.definition=ingest", "K_SINK=http://x/").run()) {
      FunctionInvocationWrapper ingest = context.getBean(FunctionCatalog.class).lookup("ingest");
      assertThat(ingest).isNotNull();
      assertThat(context.getBean("ingest")).isInstanceOf(StageFunction.class);
      for (String other : List.of("curate", "train", "register", "drift")) {
        assertThat(context.containsBean(other)).as(other).isFalse();
      }
      // No registry: the ingest service never touches MLflow or the model code.
      assertThat(context.getBean(SettingsStageContext.class).opened()).containsExactly("store");
    }
  }

  @Test
  void theDriftStageOpensTheRegistryAndItsRecorder() {
    try (ConfigurableApplicationContext context =
        app("spring.cloud.function.definition=drift", "K_SINK=http://x/").run()) {
      FunctionInvocationWrapper drift = context.getBean(FunctionCatalog.class).lookup("drift");
      assertThat(drift).isNotNull();
      assertThat(context.getBean(SettingsStageContext.class).opened())
          .containsExactlyInAnyOrder("store", "registry", "drift recorder");
      // Drift reads the champion from the registry; it tracks no runs.
    }
  }
}
