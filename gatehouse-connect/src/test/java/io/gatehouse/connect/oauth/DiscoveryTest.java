package io.gatehouse.connect.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.connect.McpFailure;
import io.gatehouse.core.net.Egress;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DiscoveryTest {
  private final Discovery discovery = new Discovery(Egress.defaults(), Duration.ofSeconds(5));

  @Test
  void tries_the_path_inserted_resource_metadata_before_the_root() throws Exception {
    try (MetadataServer s =
        new MetadataServer()
            .serve("/.well-known/oauth-protected-resource", b -> prm(b, b + "/mcp"))
            .serve("/.well-known/oauth-protected-resource/mcp", b -> prm(b + "/mcp", b))) {
      ResourceMetadata m = discovery.protectedResource(s.url("/mcp"), Challenge.NONE).orElseThrow();

      assertThat(m.resource()).isEqualTo(s.base() + "/mcp");
      assertThat(s.asked).containsExactly("/.well-known/oauth-protected-resource/mcp");
    }
  }

  @Test
  void uses_the_challenges_metadata_url_first_and_accepts_a_resource_for_the_whole_origin()
      throws Exception {
    try (MetadataServer s =
        new MetadataServer().serve("/custom.json", b -> prm(b, b + "/tenant1"))) {
      Challenge c = Challenge.parse("Bearer resource_metadata=\"" + s.url("/custom.json") + "\"");

      ResourceMetadata m = discovery.protectedResource(s.url("/mcp"), c).orElseThrow();

      assertThat(m.authorizationServers()).containsExactly(s.url("/tenant1"));
      assertThat(s.asked).containsExactly("/custom.json");
    }
  }

  @Test
  void refuses_metadata_that_names_another_resource() {
    try (MetadataServer s =
        new MetadataServer()
            .serve(
                "/.well-known/oauth-protected-resource/mcp",
                b -> prm("https://evil.example/mcp", b))) {
      assertThatThrownBy(() -> discovery.protectedResource(s.url("/mcp"), Challenge.NONE))
          .isInstanceOfSatisfying(
              McpFailure.class,
              f -> assertThat(f.error().key()).isEqualTo("UPSTREAM_AUTH_DISCOVERY_FAILED"));
    }
  }

  @Test
  void finds_issuer_metadata_in_the_specs_order_for_an_issuer_with_a_path() throws Exception {
    try (MetadataServer s = new MetadataServer()) {
      s.serve(
          "/tenant1/.well-known/openid-configuration",
          b -> MetadataServer.authServer(b + "/tenant1"));

      AuthServerMetadata m = discovery.authorizationServer(s.url("/tenant1"));

      assertThat(m.tokenEndpoint()).isEqualTo(s.url("/tenant1/token"));
      assertThat(s.asked)
          .containsExactly(
              "/.well-known/oauth-authorization-server/tenant1",
              "/.well-known/openid-configuration/tenant1",
              "/tenant1/.well-known/openid-configuration");
    }
  }

  @Test
  void refuses_metadata_of_another_issuer() {
    try (MetadataServer s =
        new MetadataServer()
            .serve(
                "/.well-known/oauth-authorization-server",
                b -> MetadataServer.authServer("http://other.example"))) {
      assertThatThrownBy(() -> discovery.authorizationServer(URI.create(s.base())))
          .isInstanceOfSatisfying(
              McpFailure.class,
              f -> assertThat(f.error().key()).isEqualTo("UPSTREAM_AUTH_DISCOVERY_FAILED"));
    }
  }

  @Test
  void a_2025_03_26_server_without_metadata_gets_the_default_endpoints_at_its_origin()
      throws Exception {
    try (MetadataServer s = new MetadataServer()) {
      AuthServerMetadata m = discovery.legacyAuthorizationServer(s.url("/mcp"));

      assertThat(m.authorizationEndpoint()).isEqualTo(s.url("/authorize"));
      assertThat(m.tokenEndpoint()).isEqualTo(s.url("/token"));
      assertThat(m.registrationEndpoint()).isEqualTo(s.url("/register"));
    }
  }

  @Test
  void canonical_resource_is_lower_case_without_trailing_slash_or_fragment() {
    assertThat(Discovery.canonical(URI.create("HTTP://Example.COM:80/mcp/#x")))
        .isEqualTo("http://example.com/mcp");
  }

  private static String prm(String resource, String issuer) {
    return "{\"resource\":\"" + resource + "\",\"authorization_servers\":[\"" + issuer + "\"]}";
  }
}
