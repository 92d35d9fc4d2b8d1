package dev.spamflow.core.serving;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The serving path needs no DL4J or ND4J, so a prediction service can leave ~400 MB of natives and
 * their start-up cost out. All of core's production classes are imported so that a path through
 * another package (say a record in {@code model} that grew an ND4J field) is caught too.
 */
@AnalyzeClasses(
    packages = "dev.spamflow.core",
    importOptions = ServingDependencyRuleTest.Main.class)
class ServingDependencyRuleTest {

  @ArchTest
  static final ArchRule servingNeedsNoDl4jOrNd4j =
      noClasses()
          .that()
          .resideInAPackage("dev.spamflow.core.serving..")
          .should()
          .transitivelyDependOnClassesThat()
          .resideInAnyPackage("org.nd4j..", "org.deeplearning4j..", "org.bytedeco..")
          .because("the serving path must load and predict without DL4J, ND4J or their natives");

  /**
   * Production classes only: tests compare against DL4J. ArchUnit's own {@code DoNotIncludeTests}
   * knows only {@code target/test-classes}, and builds here may use another output folder ({@code
   * -Dbuild.dirname}).
   */
  static final class Main implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("/test-classes/");
    }
  }
}
