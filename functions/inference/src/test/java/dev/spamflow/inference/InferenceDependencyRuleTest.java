package dev.spamflow.inference;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The service serves through the lean forward pass only: no ND4J or DL4J on its classpath (so it
 * starts without unpacking hundreds of MB of natives), and the lifecycle, prediction, log and
 * canary packages stay free of Micronaut, so they can be tested and reused with {@code new}.
 */
class InferenceDependencyRuleTest {

  private static final JavaClasses SERVICE =
      new ClassFileImporter()
          // The build folder's name varies (-Dbuild.dirname), so tests are told apart by
          // test-classes rather than ArchUnit's target/test-classes pattern.
          .withImportOption(location -> !location.contains("/test-classes/"))
          .importPackages("dev.spamflow.inference");

  @Test
  void nd4jAndDl4jAreNotOnTheClasspath() {
    // The pom excludes them from core; a dependency that brings them back fails here.
    assertThatThrownBy(() -> Class.forName("org.nd4j.linalg.factory.Nd4j"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> Class.forName("org.deeplearning4j.nn.multilayer.MultiLayerNetwork"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void theDevelopmentBrokerIsNotOnTheClasspath() {
    // devtools (the Knative broker emulation) is for spamflow up and tests; no image ships it.
    assertThatThrownBy(() -> Class.forName("dev.spamflow.devtools.broker.InProcessBroker"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void theServiceUsesNoNd4jOrDl4jClass() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.nd4j..", "org.deeplearning4j..", "org.bytedeco..")
        .check(SERVICE);
  }

  @Test
  void thePlainPackagesDoNotDependOnMicronaut() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.spamflow.inference.model..",
            "dev.spamflow.inference.predict..",
            "dev.spamflow.inference.feedback..",
            "dev.spamflow.inference.log..",
            "dev.spamflow.inference.canary..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.micronaut..")
        .check(SERVICE);
  }
}
