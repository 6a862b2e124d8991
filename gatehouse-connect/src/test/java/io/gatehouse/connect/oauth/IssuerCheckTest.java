package io.gatehouse.connect.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.connect.McpFailure;
import io.gatehouse.core.net.Egress;
import io.gatehouse.testkit.LoopbackPorts;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The authorization rules MCP 2026-07-28 adds on the client side: the RFC 9207 {@code iss} of the
 * authorization response is the recorded issuer, character for character, and present when
 * advertised, checked before the code goes anywhere; and {@code application_type} in dynamic
 * registration. The token endpoint here is a closed port, so a code that were redeemed would fail
 * with {@code UPSTREAM_CONNECTION_REFUSED}, not the refusal asserted.
 */
class IssuerCheckTest {
  private static final String ISSUER = "https://as.example";

  @Test
  void refuses_an_iss_that_is_the_issuer_only_after_normalisation() throws Exception {
    PendingAuthorization p = begin(true);

    assertThatThrownBy(() -> flow().finish(p, "code-1", p.state(), ISSUER + "/"))
        .isInstanceOfSatisfying(
            McpFailure.class,
            f -> {
              assertThat(f.error().key()).isEqualTo("UPSTREAM_AUTHORIZATION_FAILED");
              assertThat(f.facts()).containsEntry("error", "iss_mismatch");
            });
  }

  @Test
  void refuses_another_issuer_even_when_the_server_does_not_advertise_iss() throws Exception {
    PendingAuthorization p = begin(false);

    assertThatThrownBy(() -> flow().finish(p, "code-1", p.state(), "https://evil.example"))
        .isInstanceOfSatisfying(
            McpFailure.class, f -> assertThat(f.facts()).containsEntry("error", "iss_mismatch"));
  }

  @Test
  void refuses_a_response_without_iss_when_the_server_advertises_it() throws Exception {
    PendingAuthorization p = begin(true);

    assertThatThrownBy(() -> flow().finish(p, "code-1", p.state(), null))
        .isInstanceOfSatisfying(
            McpFailure.class, f -> assertThat(f.facts()).containsEntry("error", "iss_missing"));
  }

  @Test
  void redeems_the_code_when_iss_is_the_issuer_or_absent_and_not_advertised() throws Exception {
    for (PendingAuthorization p : List.of(begin(true), begin(false))) {
      String iss = p.issRequired() ? ISSUER : null;
      assertThatThrownBy(() -> flow().finish(p, "code-1", p.state(), iss))
          .as("the code went on to the token endpoint")
          .isInstanceOfSatisfying(
              McpFailure.class,
              f -> assertThat(f.error().key()).isEqualTo("UPSTREAM_CONNECTION_REFUSED"));
    }
  }

  @Test
  void dynamic_registration_names_native_for_loopback_redirects_and_web_otherwise() {
    assertThat(Registrar.applicationType(URI.create("http://localhost/oauth/callback")))
        .isEqualTo("native");
    assertThat(Registrar.applicationType(URI.create("http://127.0.0.1:8080/oauth/callback")))
        .isEqualTo("native");
    assertThat(Registrar.applicationType(URI.create("https://gatehouse.example/oauth/callback")))
        .isEqualTo("web");
  }

  private static PendingAuthorization begin(boolean advertised) throws Exception {
    AuthServerMetadata server =
        new AuthServerMetadata(
            ISSUER,
            URI.create(ISSUER + "/authorize"),
            closedTokenEndpoint(),
            null,
            List.of("S256"),
            List.of("none"),
            List.of("authorization_code"),
            List.of(),
            false,
            advertised);
    return flow()
        .begin(
            server,
            new ClientAuth.None("c1"),
            URI.create("http://localhost/cb"),
            "https://mcp.example/mcp",
            null);
  }

  private static AuthorizationCodeFlow flow() {
    return new AuthorizationCodeFlow(new TokenEndpoint(Egress.defaults(), Duration.ofSeconds(5)));
  }

  private static URI closedTokenEndpoint() {
    return URI.create("http://127.0.0.1:" + LoopbackPorts.free() + "/token");
  }
}
