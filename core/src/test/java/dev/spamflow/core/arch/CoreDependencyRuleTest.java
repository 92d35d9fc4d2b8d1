package dev.spamflow.core.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * {@code core} is the domain: frameworks and servers stay in adapters and functions. The packages
 * named here are the ones those modules really use (Spring, Micronaut, the MinIO SDK, the MLflow
 * client, the CloudEvents SDK and its HTTP binding).
 */
@AnalyzeClasses(packages = "dev.spamflow.core", importOptions = CoreDependencyRuleTest.Main.class)
class CoreDependencyRuleTest {

  @ArchTest
  static final ArchRule coreUsesNoFrameworkOrServerClient =
      noClasses()
          .that()
          .resideInAPackage("dev.spamflow.core..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.springframework..",
              "io.micronaut..",
              "io.minio..",
              "org.mlflow..",
              "org.mlflow_project..",
              "io.cloudevents.core..",
              "io.cloudevents.http..",
              "io.cloudevents.jackson..")
          .because(
              "core holds the domain and the ports; frameworks and server clients belong in"
                  + " adapters and functions (only the CloudEvents API interfaces are allowed)");

  @ArchTest
  static final ArchRule coreDoesNotReachIntoOtherModules =
      noClasses()
          .that()
          .resideInAPackage("dev.spamflow.core..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.spamflow.adapters..", "dev.spamflow.cli..")
          .because("dependencies point inwards, to core");

  /** Production classes only, whatever the build's output folder is called. */
  static final class Main implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("/test-classes/");
    }
  }
}
