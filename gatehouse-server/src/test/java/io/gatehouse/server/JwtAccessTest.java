package io.gatehouse.server;

import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Date;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JWT bearer tokens from a real authorization server (mock-oauth2-server, in-process): Protected
 * Resource Metadata per route, the 401 challenge that points to it, tokens checked for issuer,
 * audience (the route's own URL by default), expiry, not-before, algorithm, key and scope, and
 * sessions bound to the token's subject.
 */
class JwtAccessTest {
  static MockOAuth2Server idp;
  static ScriptedUpstream upstream;
  static RunningGatehouse gatehouse;
  static String issuer;

  @BeforeAll
  static void start() {
    idp = new MockOAuth2Server();
    idp.start();
    issuer = idp.issuerUrl("gatehouse").toString();
    upstream =
        ScriptedUpstream.start(
            s ->
                s.tool("read-file", (c, out) -> out.result(ScriptedUpstream.text("read")))
                    .tool("delete-file", (c, out) -> out.result(ScriptedUpstream.text("deleted"))));
    gatehouse =
        RunningGatehouse.start(
            "auth:\n"
                + "  jwt: {issuer: '"
                + issuer
                + "', jwks-url: '"
                + idp.jwksUrl("gatehouse")
                + "', clock-skew: 5s}\n"
                + "routes:\n"
                + RunningGatehouse.route("tokens", upstream.url(), "streamable-http")
                + "    auth: [jwt]\n"
                + RunningGatehouse.route("scoped", upstream.url(), "streamable-http")
                + "    auth: [jwt, api-key]\n"
                + "    auth-jwt: {scopes: ['mcp:tools']}\n"
                + RunningGatehouse.route("stepup", upstream.url(), "streamable-http")
                + "    auth: [jwt]\n"
                + "    auth-jwt: {tool-scopes: {'delete-*': ['files:delete']}}\n"
                + RunningGatehouse.route("keys", upstream.url(), "streamable-http")
                + "    auth: [api-key]\n");
  }

  @AfterAll
  static void stop() {
    gatehouse.close();
    upstream.close();
    idp.shutdown();
  }

  static String resource(String route) {
    return gatehouse.route(route).toString();
  }

  static String token(String subject, String audience, Map<String, Object> claims, long expiry) {
    return idp.issueToken("gatehouse", subject, audience, claims, expiry).serialize();
  }

  static HttpResponse<String> initialize(String route, String token) {
    HttpRequest.Builder b = post(gatehouse.route(route), null, McpWire.initializeBody(1));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b);
  }

  static void assertUnauthenticated(HttpResponse<String> r, String messagePart) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
    JsonNode error = JsonMapper.shared().readTree(r.body()).path("error");
    assertThat(error.path("data").path("key").asString()).isEqualTo("UNAUTHENTICATED");
    assertThat(error.path("message").asString()).contains(messagePart);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"invalid_token\"");
  }

  @Test
  void each_protected_route_publishes_its_metadata_and_an_open_one_has_none() {
    HttpResponse<String> prm =
        gatehouse.get("/.well-known/oauth-protected-resource/mcp/scoped", null);
    assertThat(prm.statusCode()).isEqualTo(200);
    JsonNode doc = JsonMapper.shared().readTree(prm.body());
    assertThat(doc.path("resource").asString()).isEqualTo(resource("scoped"));
    assertThat(doc.path("authorization_servers").get(0).asString()).isEqualTo(issuer);
    assertThat(doc.path("scopes_supported").get(0).asString()).isEqualTo("mcp:tools");
    JsonNode keysOnly =
        JsonMapper.shared()
            .readTree(gatehouse.get("/.well-known/oauth-protected-resource/mcp/keys", null).body());
    assertThat(keysOnly.path("authorization_servers")).isEmpty();
    assertThat(gatehouse.get("/.well-known/oauth-protected-resource/mcp/nope", null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void no_token_is_401_with_a_challenge_naming_the_metadata() {
    HttpResponse<String> r = initialize("scoped", null);
    assertThat(r.statusCode()).isEqualTo(401);
    String challenge = r.headers().firstValue("WWW-Authenticate").orElseThrow();
    assertThat(challenge)
        .startsWith("Bearer ")
        .contains(
            "resource_metadata=\""
                + gatehouse.url("/.well-known/oauth-protected-resource/mcp/scoped")
                + "\"")
        .contains("scope=\"mcp:tools\"");
  }

  @Test
  void a_token_for_the_route_is_accepted_and_one_for_another_route_is_not() {
    assertThat(
            initialize("tokens", token("alice", resource("tokens"), Map.of(), 3600)).statusCode())
        .isEqualTo(200);
    assertUnauthenticated(
        initialize("tokens", token("alice", resource("scoped"), Map.of(), 3600)), "audience");
  }

  @Test
  void expired_and_not_yet_valid_tokens_are_refused() {
    assertUnauthenticated(
        initialize("tokens", token("alice", resource("tokens"), Map.of(), -60)), "expired");
    long future = System.currentTimeMillis() / 1000 + 600;
    assertUnauthenticated(
        initialize("tokens", token("alice", resource("tokens"), Map.of("nbf", future), 3600)),
        "not valid before");
  }

  @Test
  void forged_tokens_are_refused() throws Exception {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject("mallory")
            .audience(resource("tokens"))
            .expirationTime(new Date(System.currentTimeMillis() + 600_000))
            .build();
    // alg: none
    assertUnauthenticated(
        initialize("tokens", new PlainJWT(claims).serialize()), "not a signed JWT");
    // HS256 with the issuer's public key as the shared secret
    JWKSet published = JWKSet.load(URI.create(idp.jwksUrl("gatehouse").toString()).toURL());
    RSAKey pub = (RSAKey) published.getKeys().getFirst();
    SignedJWT hs =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(pub.getKeyID()).build(), claims);
    hs.sign(new MACSigner(pub.toRSAPublicKey().getEncoded()));
    assertUnauthenticated(initialize("tokens", hs.serialize()), "HS256");
    // A key of our own, under a key id the issuer never published
    RSAKey own = new RSAKeyGenerator(2048).keyID("not-the-issuers").generate();
    SignedJWT foreign =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(own.getKeyID()).build(), claims);
    foreign.sign(new RSASSASigner(own));
    assertUnauthenticated(initialize("tokens", foreign.serialize()), "not-the-issuers");
    // The issuer's key id, our signature
    SignedJWT impostor =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(pub.getKeyID()).build(), claims);
    impostor.sign(new RSASSASigner(own));
    assertUnauthenticated(initialize("tokens", impostor.serialize()), "signature");
  }

  @Test
  void a_token_from_another_issuer_is_refused() {
    String other =
        idp.issueToken("elsewhere", "alice", resource("tokens"), Map.of(), 3600).serialize();
    HttpResponse<String> r = initialize("tokens", other);
    assertThat(r.statusCode()).isEqualTo(401);
  }

  @Test
  void a_token_without_the_required_scope_is_403_insufficient_scope() {
    HttpResponse<String> r =
        initialize("scoped", token("alice", resource("scoped"), Map.of(), 3600));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"insufficient_scope\"")
        .contains("scope=\"mcp:tools\"");
    assertThat(
            initialize(
                    "scoped",
                    token("alice", resource("scoped"), Map.of("scope", "openid mcp:tools"), 3600))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void a_tool_that_needs_a_scope_the_token_lacks_is_403_step_up_and_the_session_goes_on() {
    String plain = token("alice", resource("stepup"), Map.of("scope", "openid"), 3600);
    HttpResponse<String> init = initialize("stepup", plain);
    assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();

    HttpResponse<String> read =
        send(
            post(gatehouse.route("stepup"), session, McpWire.toolCall(2, "read-file", "{}"))
                .header("Authorization", "Bearer " + plain));
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.body()).contains("read");

    HttpResponse<String> delete =
        send(
            post(gatehouse.route("stepup"), session, McpWire.toolCall(3, "delete-file", "{}"))
                .header("Authorization", "Bearer " + plain));
    assertThat(delete.statusCode()).isEqualTo(403);
    assertThat(delete.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"insufficient_scope\"")
        .contains("scope=\"openid files:delete\"")
        .contains(
            "resource_metadata=\""
                + gatehouse.url("/.well-known/oauth-protected-resource/mcp/stepup"));
    assertThat(
            JsonMapper.shared()
                .readTree(delete.body())
                .path("error")
                .path("data")
                .path("key")
                .asString())
        .isEqualTo("FORBIDDEN");
    assertThat(delete.body()).doesNotContain("deleted");

    String more = token("alice", resource("stepup"), Map.of("scope", "openid files:delete"), 3600);
    HttpResponse<String> retried =
        send(
            post(gatehouse.route("stepup"), session, McpWire.toolCall(4, "delete-file", "{}"))
                .header("Authorization", "Bearer " + more));
    assertThat(retried.statusCode()).isEqualTo(200);
    assertThat(retried.body()).contains("deleted");

    JsonNode prm =
        JsonMapper.shared()
            .readTree(
                gatehouse.get("/.well-known/oauth-protected-resource/mcp/stepup", null).body());
    assertThat(prm.path("scopes_supported").toString()).contains("files:delete");
  }

  @Test
  void a_token_for_the_server_itself_calls_the_admin_api_with_its_subjects_roles() {
    String root = gatehouse.url("/").toString().replaceAll("/$", "");
    String admin = RunningGatehouse.ADMIN_TOKEN;
    assertThat(
            gatehouse
                .send(
                    "POST",
                    "/admin/v1/projects/default/members",
                    admin,
                    "{\"subject\":\"platform-owner\",\"role\":\"owner\"}")
                .statusCode())
        .isEqualTo(201);
    String owner = token("platform-owner", root, Map.of(), 3600);
    HttpResponse<String> made =
        gatehouse.send("POST", "/admin/v1/projects", owner, "{\"name\":\"jwt-made\"}");
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);

    String stranger = token("stranger", root, Map.of(), 3600);
    HttpResponse<String> listed = gatehouse.get("/admin/v1/projects", stranger);
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(JsonMapper.shared().readTree(listed.body()).path("projects")).isEmpty();
    assertThat(
            gatehouse.send("POST", "/admin/v1/projects", stranger, "{\"name\":\"x\"}").statusCode())
        .isEqualTo(403);
    // a token for a route is not a token for the admin API
    String forRoute = token("platform-owner", resource("tokens"), Map.of(), 3600);
    assertThat(gatehouse.get("/admin/v1/projects", forRoute).statusCode()).isEqualTo(401);
  }

  @Test
  void a_session_belongs_to_the_token_subject_and_survives_a_token_refresh() {
    String first = token("alice", resource("tokens"), Map.of(), 3600);
    HttpResponse<String> init = initialize("tokens", first);
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    String list = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
    HttpRequest.Builder refreshed = post(gatehouse.route("tokens"), session, list);
    refreshed.header(
        "Authorization",
        "Bearer " + token("alice", resource("tokens"), Map.of("jti", "second"), 3600));
    assertThat(send(refreshed).statusCode()).isEqualTo(200);
    HttpRequest.Builder bob = post(gatehouse.route("tokens"), session, list);
    bob.header("Authorization", "Bearer " + token("bob", resource("tokens"), Map.of(), 3600));
    assertThat(send(bob).statusCode()).isEqualTo(404);
    HttpRequest.Builder expired = post(gatehouse.route("tokens"), session, list);
    expired.header("Authorization", "Bearer " + token("alice", resource("tokens"), Map.of(), -60));
    assertThat(send(expired).statusCode()).isEqualTo(401);
  }

  @Test
  void the_token_is_not_forwarded_upstream() {
    String t = token("alice", resource("tokens"), Map.of(), 3600);
    int before = upstream.requests().size();
    assertThat(initialize("tokens", t).statusCode()).isEqualTo(200);
    List<ScriptedUpstream.Recorded> sent =
        upstream.requests().subList(before, upstream.requests().size());
    assertThat(sent).as("the initialize reached the upstream").isNotEmpty();
    assertThat(sent)
        .allSatisfy(
            r -> {
              assertThat(r.headers().keySet().stream().map(String::toLowerCase))
                  .doesNotContain("authorization");
              assertThat(r.headers().values()).noneMatch(v -> v.contains(t));
            });
  }
}
