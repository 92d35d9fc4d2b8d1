package dev.spamflow.stages;

import dev.spamflow.adapters.http.HttpEventPublisher;
import dev.spamflow.core.port.EventPublisher;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.pipeline.event.StageCatalogue;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * The one Spring configuration of the stage services: the settings from the environment, the stage
 * {@code SPRING_CLOUD_FUNCTION_DEFINITION} names built by {@link StageCatalogue} and registered as
 * the function of that name, and the publisher its output goes through. Nothing here knows one
 * stage from another; a misspelt definition fails at start instead of serving nothing.
 */
@Configuration(proxyBeanMethods = false)
@Import(StagesConfiguration.StageRegistrar.class)
public class StagesConfiguration {

  /** The property Knative's {@code SPRING_CLOUD_FUNCTION_DEFINITION} sets. */
  public static final String DEFINITION = "spring.cloud.function.definition";

  /**
   * Reads {@link StageSettings#VARIABLES} from the Spring environment, which holds the process
   * environment and, in tests, the test's properties.
   */
  @Bean
  StageSettings stageSettings(Environment environment) {
    Map<String, String> env = new HashMap<>();
    for (String name : StageSettings.VARIABLES) {
      String value = environment.getProperty(name);
      if (value != null) {
        env.put(name, value);
      }
    }
    return StageSettings.fromEnv(env);
  }

  /**
   * The ports and settings, each port opened when the stage first asks for it; drift checks are
   * counted for Prometheus ({@code /actuator/prometheus}).
   */
  @Bean
  SettingsStageContext stageContext(StageSettings settings, MeterRegistry meters) {
    return new SettingsStageContext(
        settings, recorder -> new CountingDriftRecorder(recorder, meters));
  }

  /** The store: MinIO or the embedded file-system store; every stage uses it. */
  @Bean
  ObjectStore objectStore(SettingsStageContext context) {
    return context.store();
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

  /**
   * Registers the stage the definition names as the bean, and so the function, of that name (the
   * Knative Service's and the Trigger subscriber's): Spring Cloud Function looks a definition up by
   * bean name, and the name is only known from the environment.
   */
  static final class StageRegistrar implements BeanRegistrar {
    @Override
    public void register(BeanRegistry registry, Environment environment) {
      String definition = environment.getProperty(DEFINITION, "");
      if (!StageCatalogue.contains(definition)) {
        throw new IllegalStateException(
            "SPRING_CLOUD_FUNCTION_DEFINITION must name one stage of "
                + StageCatalogue.names()
                + " but was '"
                + definition
                + "'");
      }
      registry.registerBean(
          definition,
          StageFunction.class,
          spec ->
              spec.description("the " + definition + " stage, from StageCatalogue")
                  .supplier(
                      context ->
                          new StageFunction(
                              StageCatalogue.handler(
                                  definition, context.bean(SettingsStageContext.class)),
                              context.bean(EventPublisher.class))));
    }
  }
}
