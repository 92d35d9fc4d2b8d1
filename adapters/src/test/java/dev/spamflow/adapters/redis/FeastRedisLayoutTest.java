package dev.spamflow.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The bytes pinned against Feast 0.67.0 itself: each expected value below is what its Python code
 * printed for the same input ({@code _redis_key}, {@code _mmh3}, {@code Value.SerializeToString},
 * {@code Timestamp.SerializeToString}).
 */
class FeastRedisLayoutTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void theKeyIsTheVersion3EntityKeyThenTheProject() {
    assertThat(HEX.formatHex(FeastRedisLayout.key("spamflow", "message_id", "abc123")))
        .isEqualTo(
            "01000000020000000a0000006d6573736167655f6964"
                + "0200000006000000616263313233"
                + "7370616d666c6f77");
  }

  @Test
  void fieldsAreMurmur3OfViewAndFeatureLittleEndian() {
    assertThat(HEX.formatHex(FeastRedisLayout.field("message_features", "text_length")))
        .isEqualTo("26d86d06");
    assertThat(HEX.formatHex(FeastRedisLayout.field("message_features", "has_url")))
        .isEqualTo("265c9608");
  }

  @Test
  void valuesAreFeastValueProtos() {
    assertThat(HEX.formatHex(FeastRedisLayout.value(42))).isEqualTo("182a");
    assertThat(HEX.formatHex(FeastRedisLayout.value(0))).isEqualTo("1800");
    assertThat(HEX.formatHex(FeastRedisLayout.value(-3))).isEqualTo("18fdffffffffffffffff01");
    assertThat(HEX.formatHex(FeastRedisLayout.value(7L))).isEqualTo("2007");
    assertThat(HEX.formatHex(FeastRedisLayout.value(0.125))).isEqualTo("29000000000000c03f");
    assertThat(HEX.formatHex(FeastRedisLayout.value(true))).isEqualTo("3801");
    assertThat(HEX.formatHex(FeastRedisLayout.value(false))).isEqualTo("3800");
    assertThat(HEX.formatHex(FeastRedisLayout.value("spam"))).isEqualTo("12047370616d");
    for (Object v : new Object[] {42, 0, -3, 7L, 0.125, true, false, "spam", "", -1L}) {
      assertThat(FeastRedisLayout.parseValue(FeastRedisLayout.value(v))).isEqualTo(v);
    }
  }

  @Test
  void timestampsAreProtobufTimestamps() {
    Instant at = Instant.parse("2026-12-04T10:00:00.123456Z");
    assertThat(HEX.formatHex(FeastRedisLayout.timestamp(at))).isEqualTo("08a09ecad806108094ef3a");
    assertThat(FeastRedisLayout.parseTimestamp(FeastRedisLayout.timestamp(at))).isEqualTo(at);
    assertThat(FeastRedisLayout.parseTimestamp(new byte[0])).isEqualTo(Instant.EPOCH);
  }

  @Test
  void whatIsNotAValueIsRefused() {
    assertThatThrownBy(() -> FeastRedisLayout.parseValue(HEX.parseHex("0a0161")))
        .hasMessageContaining("field 1 is not one spamflow reads");
    assertThatThrownBy(() -> FeastRedisLayout.parseValue(HEX.parseHex("29000000")))
        .hasMessageContaining("truncated");
  }
}
