package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.ScriptedUpstream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Connections made from a catalog deployment: the url and transport come from the deployment's
 * upstream, the auth type from the version's auth scheme, and the user gives only what the catalog
 * cannot know.
 */
class ConnectionsFromCatalogTest {
  static final String TOKEN = RunningGatehouse.ADMIN_TOKEN;
  static final String SERVER = "io.github.user/tools";
  static final String KEY = "k-71c0d5a9e3";
  static final String BEARER = "b-2e8f41aa07";
  static ScriptedUpstream keyed;
  static ScriptedUpstream bearer;
  static RunningGatehouse gh;

  @BeforeAll
  static void start() throws IOException {
    keyed = ScriptedUpstream.start(s -> {});
    bearer = ScriptedUpstream.start(s -> s.authorize(a -> ("Bearer " + BEARER).equals(a)));
    gh = RunningGatehouse.start(Files.createTempDirectory("gatehouse-from-catalog"), "");
    admin("POST", "/admin/v1/environments", "{\"name\":\"prod\",\"kind\":\"prod\"}");
    version("1.0.0", keyed, "tools-key");
    scheme(
        "1.0.0",
        "{\"name\":\"partner\",\"type\":\"api-key\",\"in\":\"header\",\"parameter\":\"X-API-Key\"}");
    version("2.0.0", bearer, "tools-bearer");
    scheme("2.0.0", "{\"name\":\"token\",\"type\":\"http-bearer\"}");
    version("3.0.0", keyed, "tools-oauth");
    String base = "http://127.0.0.1:" + keyed.address().getPort();
    scheme(
        "3.0.0",
        "{\"name\":\"sso\",\"type\":\"oauth2\",\"authorizationUrl\":\""
            + base
            + "/authorize\",\"tokenUrl\":\""
            + base
            + "/token\",\"scopes\":[\"tools.read\"]}");
    version("5.0.0", keyed, "tools-managed");
    scheme(
        "5.0.0",
        "{\"name\":\"sso\",\"type\":\"oauth2\",\"authorizationUrl\":\""
            + base
            + "/authorize\",\"tokenUrl\":\""
            + base
            + "/token\",\"scopes\":[\"tools.read\"],\"clientId\":\"gatehouse-managed\"}");
    version("4.0.0", keyed, "tools-two");
    scheme("4.0.0", "{\"name\":\"a\",\"type\":\"http-bearer\"}");
    scheme("4.0.0", "{\"name\":\"b\",\"type\":\"api-key\",\"in\":\"query\",\"parameter\":\"key\"}");
  }

  @AfterAll
  static void stop() {
    gh.close();
    keyed.close();
    bearer.close();
  }

  static void version(String version, ScriptedUpstream up, String route) {
    admin(
        "POST",
        "/v0.1/publish",
        "{\"name\":\"" + SERVER + "\",\"description\":\"Tools\",\"version\":\"" + version + "\"}");
    admin(
        "POST",
        "/admin/v1/deployments",
        "{\"server\":\""
            + SERVER
            + "\",\"version\":\""
            + version
            + "\",\"environment\":\"prod\",\"route\":\""
            + route
            + "\",\"upstream\":{\"url\":\""
            + up.url()
            + "\",\"transport\":\"streamable-http\"}}");
  }

  static void scheme(String version, String body) {
    admin(
        "POST",
        "/admin/v1/auth-schemes",
        "{\"server\":\"" + SERVER + "\",\"version\":\"" + version + "\"," + body.substring(1));
  }

  static void admin(String method, String path, String body) {
    HttpResponse<String> r = gh.send(method, path, TOKEN, body);
    assertThat(r.statusCode()).as(path + " " + r.body()).isBetween(200, 201);
  }

  static HttpResponse<String> create(String name, String version, String auth) {
    return gh.send(
        "POST",
        "/admin/v1/connections",
        TOKEN,
        "{\"name\":\""
            + name
            + "\",\"from\":{\"server\":\""
            + SERVER
            + "\",\"version\":\""
            + version
            + "\",\"environment\":\"prod\"}"
            + (auth == null ? "" : ",\"auth\":" + auth)
            + "}");
  }

  static JsonNode json(HttpResponse<String> r) {
    return JsonMapper.shared().readTree(r.body());
  }

  @Test
  void an_api_key_scheme_asks_only_for_the_value_and_the_upstream_gets_it_in_its_header() {
    HttpResponse<String> r = create("partner", "1.0.0", "{\"value\":\"" + KEY + "\"}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode c = json(r);
    assertThat(c.path("url").asString()).isEqualTo(keyed.url().toString());
    assertThat(c.path("transport").asString()).isEqualTo("streamable-http");
    assertThat(c.path("auth").path("type").asString()).isEqualTo("key");
    assertThat(c.path("auth").path("headers").has("X-API-Key")).as(c.toString()).isTrue();
    assertThat(c.path("from").path("server").asString()).isEqualTo(SERVER);
    assertThat(c.path("from").path("version").asString()).isEqualTo("1.0.0");
    assertThat(c.path("from").path("environment").asString()).isEqualTo("prod");
    assertThat(c.path("from").path("authScheme").asString()).isEqualTo("partner");
    assertThat(c.path("validation").path("status").asString()).isEqualTo("Connected");
    assertThat(r.body()).doesNotContain(KEY);
    assertThat(keyed.requests())
        .anySatisfy(q -> assertThat(q.headers().get("x-api-key")).isEqualTo(KEY));
    assertThat(gh.get("/admin/v1/connections/partner", TOKEN).body())
        .contains("\"from\":{\"server\":\"" + SERVER + "\"");
  }

  @Test
  void an_http_bearer_scheme_sends_the_secret_as_a_bearer_token() {
    HttpResponse<String> secret =
        gh.send(
            "PUT",
            "/admin/v1/projects/default/secrets/tools-token",
            TOKEN,
            "{\"value\":\"" + BEARER + "\"}");
    assertThat(secret.statusCode()).as(secret.body()).isBetween(200, 201);

    HttpResponse<String> r = create("bearer", "2.0.0", "{\"secret\":\"tools-token\"}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode c = json(r);
    assertThat(c.path("url").asString()).isEqualTo(bearer.url().toString());
    assertThat(c.path("auth").path("headers").path("Authorization").asString())
        .isEqualTo("Bearer ${secret:tools-token}");
    assertThat(c.path("validation").path("status").asString())
        .as(c.toString())
        .isEqualTo("Connected");
  }

  @Test
  void an_oauth2_scheme_becomes_per_user_oauth_and_asks_for_the_client_id() {
    HttpResponse<String> missing = create("sso", "3.0.0", "{}");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(json(missing).path("error").path("code").asString()).isEqualTo("INVALID_CONNECTION");
    assertThat(json(missing).path("error").path("message").asString()).contains("auth.clientId");

    HttpResponse<String> r = create("sso", "3.0.0", "{\"clientId\":\"gatehouse-app\"}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode auth = json(r).path("auth");
    assertThat(auth.path("type").asString()).isEqualTo("oauth-user");
    assertThat(auth.path("authorizationUrl").asString()).endsWith("/authorize");
    assertThat(auth.path("tokenUrl").asString()).endsWith("/token");
    assertThat(auth.path("scopes").toString()).isEqualTo("[\"tools.read\"]");
    assertThat(auth.path("clientId").asString()).isEqualTo("gatehouse-app");
    // the admin token is nobody: a per-user connection waits for a user's consent
    assertThat(json(r).path("validation").path("diagnosis").asString())
        .isEqualTo("CONSENT_REQUIRED");
  }

  @Test
  void an_oauth2_scheme_that_names_gatehouses_client_asks_users_for_nothing_but_consent() {
    HttpResponse<String> r = create("managed", "5.0.0", null);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode auth = json(r).path("auth");
    assertThat(auth.path("type").asString()).isEqualTo("oauth-user");
    assertThat(auth.path("clientId").asString()).isEqualTo("gatehouse-managed");
    assertThat(auth.path("redirectUrl").asString()).endsWith("/oauth/callback");
    HttpResponse<String> scheme =
        gh.get("/admin/v1/auth-schemes?server=" + SERVER + "&version=5.0.0", TOKEN);
    assertThat(scheme.body()).contains("\"clientId\":\"gatehouse-managed\"");
  }

  @Test
  void every_missing_piece_is_named() {
    HttpResponse<String> noValue = create("nothing", "1.0.0", null);
    assertThat(noValue.statusCode()).isEqualTo(400);
    assertThat(json(noValue).path("error").path("message").asString())
        .contains("X-API-Key")
        .contains("auth.value")
        .contains("auth.secret");

    HttpResponse<String> noFrom =
        gh.send("POST", "/admin/v1/connections", TOKEN, "{\"name\":\"x\",\"from\":{}}");
    assertThat(noFrom.statusCode()).isEqualTo(400);
    assertThat(json(noFrom).path("error").path("details").toString())
        .contains("from.server")
        .contains("from.version")
        .contains("from.environment");

    HttpResponse<String> twoSchemes = create("two", "4.0.0", "{\"value\":\"v\"}");
    assertThat(twoSchemes.statusCode()).isEqualTo(400);
    assertThat(json(twoSchemes).path("error").path("message").asString())
        .contains("from.authScheme")
        .contains("a")
        .contains("b");

    HttpResponse<String> noDeployment = create("gone", "9.9.9", "{\"value\":\"v\"}");
    assertThat(noDeployment.statusCode()).isEqualTo(400);
    assertThat(json(noDeployment).path("error").path("message").asString())
        .contains(SERVER + "@9.9.9")
        .contains("prod");
    assertThat(gh.get("/admin/v1/connections", TOKEN).body())
        .doesNotContain("\"nothing\"")
        .doesNotContain("\"two\"");
  }

  @Test
  void the_scheme_named_by_auth_scheme_is_used_when_the_version_has_several() {
    HttpResponse<String> r =
        gh.send(
            "POST",
            "/admin/v1/connections",
            TOKEN,
            "{\"name\":\"query\",\"from\":{\"server\":\""
                + SERVER
                + "\",\"version\":\"4.0.0\",\"environment\":\"prod\",\"authScheme\":\"b\"},"
                + "\"auth\":{\"value\":\"q-1\"}}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(json(r).path("auth").path("query").has("key")).isTrue();
    assertThat(keyed.requests()).anySatisfy(q -> assertThat(q.query()).contains("key=q-1"));
  }
}
