package dev.spamflow.pipeline.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spamflow.adapters.fs.FileSystemModelRegistry;
import dev.spamflow.core.port.ExperimentTracker;
import dev.spamflow.core.port.ModelRegistry;
import dev.spamflow.core.port.ObjectStore;
import dev.spamflow.pipeline.TestStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one place stages are built: names, and which ports each stage asks its host for. */
class StageCatalogueTest {
  @TempDir Path temp;

  /** A host that records which ports a stage asked for. */
  private final class RecordingContext implements StageContext {
    final List<String> asked = new ArrayList<>();
    private final ObjectStore store = TestStores.open(temp);
    private final FileSystemModelRegistry registry =
        new FileSystemModelRegistry(temp.resolve("registry"));

    @Override
    public ExperimentTracker tracker() {
      asked.add("tracker");
      return registry;
    }

    @Override
    public ObjectStore store() {
      asked.add("store");
      return store;
    }

    @Override
    public ModelRegistry registry() {
      asked.add("registry");
      return registry;
    }
  }

  @Test
  void theStagesAreNamedAsTheirKnativeServicesInPipelineOrder() {
    assertThat(StageCatalogue.names())
        .containsExactly("ingest", "curate", "train", "register", "drift");
  }

  @Test
  void eachHandlerCarriesTheNameItIsCataloguedUnder() {
    RecordingContext context = new RecordingContext();
    for (String name : List.of("ingest", "curate", "train", "register")) {
      assertThat(StageCatalogue.handler(name, context).stage()).isEqualTo(name);
    }
  }

  @Test
  void eachStageAsksOnlyForThePortsItUses() {
    for (String name : List.of("ingest", "curate")) {
      RecordingContext context = new RecordingContext();
      StageCatalogue.handler(name, context);
      assertThat(context.asked).as(name).containsOnly("store");
    }
    RecordingContext train = new RecordingContext();
    StageCatalogue.handler("train", train);
    assertThat(train.asked).containsExactly("store", "tracker");
    RecordingContext register = new RecordingContext();
    StageCatalogue.handler("register", register);
    assertThat(register.asked).containsExactly("store", "tracker", "registry");
  }

  @Test
  void driftOnAHostWithoutARecorderFailsSayingSo() {
    assertThatThrownBy(() -> StageCatalogue.handler("drift", new RecordingContext()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("drift recorder");
  }

  @Test
  void anUnknownNameIsRefusedListingTheStages() {
    assertThatThrownBy(() -> StageCatalogue.handler("ingset", new RecordingContext()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "no stage named 'ingset'; the stages are ingest, curate, train, register, drift");
    assertThat(StageCatalogue.contains("ingset")).isFalse();
  }
}
