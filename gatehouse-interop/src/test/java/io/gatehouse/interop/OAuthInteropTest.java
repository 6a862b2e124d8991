package io.gatehouse.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.ConformanceFixtureServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * MCP authorization end to end, with parts we did not write: the TypeScript SDK client, given only
 * a route's URL, reads the 401, the route's Protected Resource Metadata and the authorization
 * server's metadata, runs authorization code with PKCE against a real OpenID Provider
 * (oidc-provider, scripted login), and lists the route's tools through the gateway with the token
 * it got; that token, issued for this route's URL, is refused on another route.
 */
class OAuthInteropTest {
  private static final Pattern ISSUER = Pattern.compile("^(\\{\"issuer\".*\\})$");
  private static final String REDIRECT = "http://127.0.0.1:53682/callback";

  @Test
  void the_sdk_client_discovers_the_issuer_and_gets_a_token_for_the_route_and_only_that_route() {
    NodeTools tools = NodeTools.require();
    try (ChildProcess idp =
            ChildProcess.start(
                "oidc-provider",
                List.of(
                    tools.node().toString(),
                    tools.nodeScript("oidc-issuer.mjs").toString(),
                    REDIRECT),
                Map.of());
        ConformanceFixtureServer fixture = ConformanceFixtureServer.start()) {
      Matcher started = idp.awaitLine(ISSUER, Duration.ofSeconds(20));
      JsonNode issuer = JsonMapper.shared().readTree(started.group(1));
      try (RunningGatehouse gatehouse =
          RunningGatehouse.start(
              "auth:\n"
                  + "  jwt: {issuer: '"
                  + issuer.path("issuer").asString()
                  + "', jwks-url: '"
                  + issuer.path("jwks").asString()
                  + "', scopes: ['mcp:tools']}\n"
                  + "routes:\n"
                  + RunningGatehouse.route("tools", fixture.url(), "auto")
                  + "    auth: [jwt]\n"
                  + RunningGatehouse.route("other", fixture.url(), "auto")
                  + "    auth: [jwt]\n")) {
        ChildProcess client =
            ChildProcess.start(
                "oauth-client",
                List.of(
                    tools.node().toString(),
                    tools.nodeScript("oauth-client.mjs").toString(),
                    gatehouse.route("tools").toString(),
                    REDIRECT,
                    gatehouse.route("other").toString()),
                Map.of());
        try (client) {
          assertThat(client.waitFor(Duration.ofSeconds(60))).as(client.diagnostics()).isTrue();
          assertThat(client.exitCode()).as(client.diagnostics() + idp.diagnostics()).isZero();
          JsonNode out = JsonMapper.shared().readTree(client.stdout().getLast());
          System.out.println("oauth interop: " + out);
          assertThat(out.path("audience").toString()).contains(gatehouse.route("tools").toString());
          assertThat(out.path("scope").asString()).contains("mcp:tools");
          assertThat(out.path("tools")).isNotEmpty();
          assertThat(out.path("otherRouteStatus").asInt()).isEqualTo(401);
        }
      }
    }
  }
}
