package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The self server with tokens of the top-level {@code auth.jwt} (mock-oauth2-server): the route
 * publishes its metadata naming the issuer, takes a token for its own URL, and the token's subject
 * has exactly the roles its memberships give it.
 */
class SelfServerJwtTest {
  static final JsonMapper JSON = JsonMapper.shared();
  static MockOAuth2Server idp;
  static RunningGatehouse gh;
  static String issuer;

  @BeforeAll
  static void start() {
    idp = new MockOAuth2Server();
    idp.start();
    issuer = idp.issuerUrl("gatehouse").toString();
    gh =
        RunningGatehouse.start(
            "auth:\n  jwt: {issuer: '"
                + issuer
                + "', jwks-url: '"
                + idp.jwksUrl("gatehouse")
                + "', clock-skew: 5s}\n");
    HttpResponse<String> m =
        gh.send(
            "POST",
            "/admin/v1/projects/default/members",
            RunningGatehouse.ADMIN_TOKEN,
            "{\"subject\":\"jo\",\"role\":\"contributor\"}");
    assertThat(m.statusCode()).as(m.body()).isBetween(200, 201);
  }

  @AfterAll
  static void stop() {
    if (gh != null) {
      gh.close();
    }
    if (idp != null) {
      idp.shutdown();
    }
  }

  static String token(String subject) {
    return idp.issueToken("gatehouse", subject, gh.route("gatehouse").toString(), Map.of(), 300)
        .serialize();
  }

  static JsonNode call(String token, String tool, String arguments) {
    HttpResponse<String> init = send(token, null, McpWire.initializeBody(1));
    assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    send(token, session, McpWire.notification("notifications/initialized"));
    HttpResponse<String> r = send(token, session, McpWire.toolCall(2, tool, arguments));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(McpWire.answer(r)).path("result");
  }

  static HttpResponse<String> send(String token, String session, String body) {
    HttpRequest.Builder b = McpWire.post(gh.route("gatehouse"), session, body);
    return McpWire.send(b.header("Authorization", "Bearer " + token));
  }

  @Test
  void the_route_names_the_issuer_in_its_metadata() {
    JsonNode prm =
        JSON.readTree(gh.get("/.well-known/oauth-protected-resource/mcp/gatehouse", null).body());
    assertThat(prm.path("resource").asString()).isEqualTo(gh.route("gatehouse").toString());
    assertThat(prm.path("authorization_servers").get(0).asString()).isEqualTo(issuer);
  }

  @Test
  void a_tokens_subject_has_the_roles_of_its_memberships() {
    JsonNode found = call(token("jo"), "search_tools", "{\"query\":\"x\"}");
    assertThat(found.path("isError").asBoolean()).as(found.toString()).isFalse();
    JsonNode stranger = call(token("jay"), "search_tools", "{\"query\":\"x\"}");
    assertThat(stranger.path("isError").asBoolean()).isTrue();
    assertThat(stranger.path("content").path(0).path("text").asString()).contains("FORBIDDEN");
  }

  @Test
  void a_token_for_another_audience_is_refused() {
    String other =
        idp.issueToken("gatehouse", "jo", "https://elsewhere.example", Map.of(), 300).serialize();
    assertThat(send(other, null, McpWire.initializeBody(1)).statusCode()).isEqualTo(401);
  }
}
