package dev.spamflow.stages;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Hosts one pipeline stage as a Spring Cloud Function over HTTP: {@code
 * SPRING_CLOUD_FUNCTION_DEFINITION} picks it from {@link
 * dev.spamflow.pipeline.event.StageCatalogue} ({@code ingest}, {@code curate}, {@code train},
 * {@code register} or {@code drift}), and only that stage and the ports it uses are built.
 */
@SpringBootApplication
public class StagesApplication {

  /** Starts the service; the port comes from {@code PORT} (Knative's), 8080 by default. */
  public static void main(String[] args) {
    SpringApplication.run(StagesApplication.class, args);
  }
}
