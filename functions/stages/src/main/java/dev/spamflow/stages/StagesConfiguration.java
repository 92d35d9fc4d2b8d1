package dev.spamflow.stages;

import dev.spamflow.adapters.http.HttpEventPublisher;
import dev.spamflow.core.port.EventPublisher;
import dev.spamflow.core.port.ObjectStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * What every stage service needs: its settings, the store and the publisher; and the check that the
 * definition names a stage, so a misspelt one fails at start instead of serving nothing.
 */
@Configuration(proxyBeanMethods = false)
public class StagesConfiguration {

  /** The property Knative's {@code SPRING_CLOUD_FUNCTION_DEFINITION} sets. */
  public static final String DEFINITION = "spring.cloud.function.definition";

  /** The stages a service can run, by function name. */
  public static final List<String> STAGES =
      List.of("ingest", "curate", "train", "register", "drift");

  /**
   * Reads {@link StageSettings#VARIABLES} from the Spring environment, which holds the process
   * environment and, in tests, the test's properties.
   *
   * @throws IllegalStateException if the definition names no stage
   */
  @Bean
  StageSettings stageSettings(Environment environment) {
    String definition = environment.getProperty(DEFINITION, "");
    if (!STAGES.contains(definition)) {
      throw new IllegalStateException(
          "SPRING_CLOUD_FUNCTION_DEFINITION must name one stage of "
              + STAGES
              + " but was '"
              + definition
              + "'");
    }
    Map<String, String> env = new HashMap<>();
    for (String name : StageSettings.VARIABLES) {
      String value = environment.getProperty(name);
      if (value != null) {
        env.put(name, value);
      }
    }
    return StageSettings.fromEnv(env);
  }

  /** The store: MinIO or the embedded file-system store. */
  @Bean
  ObjectStore objectStore(StageSettings settings) {
    return settings.openStore();
  }

  /**
   * The broker, through {@code K_SINK}.
   *
   * @throws IllegalStateException if {@code K_SINK} is unset
   */
  @Bean
  EventPublisher eventPublisher(StageSettings settings) {
    return new HttpEventPublisher(settings.publisher());
  }
}
