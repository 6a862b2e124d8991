package io.gatehouse.connect.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ChallengeTest {
  @Test
  void reads_quoted_parameters_with_commas_and_escapes() {
    Challenge c =
        Challenge.parse(
            "Bearer error=\"insufficient_scope\", scope=\"mcp:basic mcp:write\","
                + " error_description=\"a, \\\"b\\\"\","
                + " resource_metadata=\"http://127.0.0.1:1/.well-known/oauth-protected-resource/mcp\"");

    assertThat(c.error()).isEqualTo("insufficient_scope");
    assertThat(c.scopes()).containsExactly("mcp:basic", "mcp:write");
    assertThat(c.params()).containsEntry("error_description", "a, \"b\"");
    assertThat(c.resourceMetadata())
        .isEqualTo(URI.create("http://127.0.0.1:1/.well-known/oauth-protected-resource/mcp"));
  }

  @Test
  void ignores_parameters_of_other_schemes() {
    Challenge c = Challenge.parse("Basic realm=\"x\", scope=\"no\", Bearer scope=yes");

    assertThat(c.scopes()).containsExactly("yes");
    assertThat(c.params()).doesNotContainKey("realm");
  }

  @Test
  void no_header_is_no_challenge() {
    assertThat(Challenge.parse(null).scopes()).isEmpty();
    assertThat(Challenge.parse(null).resourceMetadata()).isNull();
  }
}
