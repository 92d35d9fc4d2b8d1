package dev.spamflow.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link OnlineFeatureStore} contract. An adapter's test extends this class and supplies the
 * store; every test writes its own view and entities, so a shared server is fine.
 */
public abstract class OnlineFeatureStoreContract {

  private static final Instant EARLY = Instant.parse("2026-12-04T10:00:00.123456Z");
  private static final Instant LATE = Instant.parse("2026-12-04T11:30:00Z");

  /** The store under test. */
  protected OnlineFeatureStore store;

  /** A view name of this test's own. */
  protected String view;

  /** Returns the store under test; called before each test. */
  protected abstract OnlineFeatureStore store() throws Exception;

  @BeforeEach
  final void createStore() throws Exception {
    store = store();
    view = "contract_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  @Test
  void aRowReadsBackWithEveryTypeAndItsEventTime() {
    FeatureRow row = row("m1", EARLY, 42, 0.125, true);

    assertThat(store.write(view, List.of(row))).isEqualTo(1);

    assertThat(
            store.read(
                view,
                "m1",
                List.of("text_length", "digit_share", "has_url", "label", "word_count")))
        .contains(row);
    assertThat(store.read(view, "m1", List.of("word_count")))
        .hasValueSatisfying(
            r -> assertThat(r.values()).containsExactly(Map.entry("word_count", 7L)));
  }

  @Test
  void anOlderRowDoesNotReplaceANewerOne() {
    store.write(view, List.of(row("m1", LATE, 10, 0.5, false)));

    int written =
        store.write(
            view, List.of(row("m1", EARLY, 99, 0.9, true), row("m2", EARLY, 3, 0.0, false)));

    assertThat(written).isEqualTo(1);
    assertThat(store.read(view, "m1", List.of("text_length")))
        .hasValueSatisfying(
            r -> {
              assertThat(r.eventTime()).isEqualTo(LATE);
              assertThat(r.values()).containsEntry("text_length", 10);
            });
    // The same instant again (a replay) changes nothing either.
    assertThat(store.write(view, List.of(row("m1", LATE, 12, 0.5, false)))).isZero();
    assertThat(store.write(view, List.of(row("m1", LATE.plusSeconds(1), 11, 0.5, false))))
        .isEqualTo(1);
    assertThat(store.read(view, "m1", List.of("text_length")).orElseThrow().values())
        .containsEntry("text_length", 11);
  }

  @Test
  void viewsAndEntitiesAreApart() {
    store.write(view, List.of(row("m1", EARLY, 1, 0.1, true)));

    assertThat(store.read(view, "m2", List.of("text_length"))).isEmpty();
    assertThat(store.read(view + "_other", "m1", List.of("text_length"))).isEmpty();
  }

  @Test
  void aFeatureTheRowLacksIsLeftOut() {
    store.write(view, List.of(row("m1", EARLY, 1, 0.1, true)));

    assertThat(
            store.read(view, "m1", List.of("text_length", "not_a_feature")).orElseThrow().values())
        .containsOnlyKeys("text_length");
  }

  @Test
  void twoRowsForOneEntityInOneWriteAreRefused() {
    assertThatThrownBy(
            () ->
                store.write(
                    view, List.of(row("m1", EARLY, 1, 0.1, true), row("m1", LATE, 2, 0.2, false))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("m1");
  }

  private static FeatureRow row(String id, Instant at, int length, double share, boolean url) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("text_length", length);
    values.put("digit_share", share);
    values.put("has_url", url);
    values.put("label", "spam");
    values.put("word_count", 7L);
    return new FeatureRow(id, at, values);
  }
}
