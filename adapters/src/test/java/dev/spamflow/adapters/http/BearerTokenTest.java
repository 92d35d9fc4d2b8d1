package dev.spamflow.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BearerTokenTest {

  private final BearerToken token = BearerToken.of("s3cret-token");

  @Test
  void acceptsTheTokenUnderTheBearerSchemeInAnyCase() {
    assertThat(token.matches("Bearer s3cret-token")).isTrue();
    assertThat(token.matches("bearer s3cret-token")).isTrue();
    assertThat(token.matches("BEARER  s3cret-token ")).isTrue();
  }

  @Test
  void refusesAnythingElse() {
    assertThat(token.matches(null)).isFalse();
    assertThat(token.matches("")).isFalse();
    assertThat(token.matches("s3cret-token")).isFalse();
    assertThat(token.matches("Basic s3cret-token")).isFalse();
    assertThat(token.matches("Bearer s3cret-toke")).isFalse();
    assertThat(token.matches("Bearer s3cret-token2")).isFalse();
    assertThat(token.matches("Bearer ")).isFalse();
  }

  @Test
  void neverPrintsTheSecret() {
    assertThat(token.toString()).doesNotContain("s3cret");
  }

  @Test
  void refusesABlankToken() {
    assertThatThrownBy(() -> BearerToken.of("  "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blank");
  }
}
