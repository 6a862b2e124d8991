package io.gatehouse.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The admin API over real HTTP: authentication, error shape, and each resource. */
class AdminApiTest {
  CatalogUnderTest server;

  @BeforeEach
  void start() {
    server = CatalogUnderTest.start();
    server.catalog.registry().publish(Docs.server("io.github.user/weather", "1.0.0"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  Http.Answer admin(String method, String path, String body) {
    return Http.send(method, server.url("/admin/v1" + path), CatalogUnderTest.TOKEN, body);
  }

  static void assertError(Http.Answer a, int status, String code) {
    assertThat(a.status()).isEqualTo(status);
    assertThat(a.json().path("error").path("code").asString()).isEqualTo(code);
    assertThat(a.json().path("error").path("message").asString()).isNotBlank();
    assertThat(a.json().path("error").path("details").isArray()).isTrue();
  }

  @Test
  void refuses_requests_without_or_with_a_wrong_token_with_401() {
    Http.Answer none = Http.send("GET", server.url("/admin/v1/environments"), null, null);
    Http.Answer wrong = Http.send("GET", server.url("/admin/v1/environments"), "guess", null);

    assertError(none, 401, "UNAUTHENTICATED");
    assertThat(none.json().path("error").path("hint").asString()).contains("GATEHOUSE_ADMIN_TOKEN");
    assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");
    assertError(wrong, 401, "UNAUTHENTICATED");
    assertThat(wrong.raw().body()).doesNotContain(CatalogUnderTest.TOKEN).doesNotContain("guess");
  }

  @Test
  void creates_reads_updates_and_deletes_an_environment() {
    Http.Answer created =
        admin(
            "POST",
            "/environments",
            "{\"name\":\"prod\",\"kind\":\"prod\",\"description\":\"Production\"}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().path("kind").asString()).isEqualTo("prod");

    assertError(
        admin("POST", "/environments", "{\"name\":\"prod\",\"kind\":\"prod\"}"),
        409,
        "ENVIRONMENT_EXISTS");
    assertThat(
            admin("PUT", "/environments/prod", "{\"kind\":\"staging\"}")
                .json()
                .path("kind")
                .asString())
        .isEqualTo("staging");
    assertThat(admin("GET", "/environments", null).json().path("environments")).hasSize(1);
    assertThat(admin("DELETE", "/environments/prod", null).status()).isEqualTo(204);
    assertError(admin("GET", "/environments/prod", null), 404, "ENVIRONMENT_NOT_FOUND");
  }

  @Test
  void lists_every_problem_of_a_body_with_its_field() {
    Http.Answer a = admin("POST", "/environments", "{\"kind\":\"production\",\"colour\":\"blue\"}");

    assertError(a, 400, "INVALID_REQUEST");
    assertThat(a.json().path("error").path("details"))
        .extracting(d -> d.path("field").asString())
        .containsExactlyInAnyOrder("colour", "name", "kind");
    assertError(admin("POST", "/environments", "[]"), 400, "INVALID_REQUEST");
    assertError(admin("POST", "/environments", "{"), 400, "INVALID_JSON");
  }

  @Test
  void creates_a_deployment_and_shows_its_gateway_url() {
    admin("POST", "/environments", "{\"name\":\"prod\",\"kind\":\"prod\"}");

    Http.Answer d =
        admin(
            "POST",
            "/deployments",
            "{\"server\":\"io.github.user/weather\",\"version\":\"1.0.0\","
                + "\"environment\":\"prod\",\"route\":\"weather\",\"upstream\":{\"url\":\"http://127.0.0.1:1/mcp\",\"transport\":\"streamable-http\"}}");

    assertThat(d.status()).isEqualTo(201);
    assertThat(d.json().path("url").asString()).isEqualTo(server.url() + "/mcp/weather");
    assertThat(d.json().path("project").asString()).isEqualTo("default");
    assertError(
        admin(
            "POST",
            "/deployments",
            "{\"server\":\"io.github.user/weather\",\"version\":\"1.0.0\",\"project\":\"no such\","
                + "\"environment\":\"prod\",\"route\":\"weather2\",\"upstream\":{\"url\":\"http://127.0.0.1:1/mcp\"}}"),
        400,
        "INVALID_REQUEST");
    assertThat(
            admin("GET", "/deployments/" + d.json().path("id").asString(), null)
                .json()
                .path("route")
                .asString())
        .isEqualTo("weather");
    assertThat(admin("GET", "/deployments?environment=prod", null).json().path("deployments"))
        .hasSize(1);
    assertThat(admin("GET", "/deployments?environment=dev", null).json().path("deployments"))
        .isEmpty();
  }

  @Test
  void creates_a_deployment_naming_a_connection_and_shows_the_connection() {
    server.catalog.bindConnections(
        new FakeConnections()
            .put("default", "weather", "http://127.0.0.1:1/mcp", DeploymentTransport.SSE));
    admin("POST", "/environments", "{\"name\":\"prod\",\"kind\":\"prod\"}");
    String body =
        "{\"server\":\"io.github.user/weather\",\"version\":\"1.0.0\","
            + "\"environment\":\"prod\",\"route\":\"weather\",\"connection\":\"%s\"%s}";

    Http.Answer both =
        admin(
            "POST",
            "/deployments",
            body.formatted("weather", ",\"upstream\":{\"url\":\"http://127.0.0.1:1/mcp\"}"));
    Http.Answer unknown = admin("POST", "/deployments", body.formatted("github", ""));
    Http.Answer d = admin("POST", "/deployments", body.formatted("weather", ""));

    assertError(both, 400, "INVALID_REQUEST");
    assertThat(both.json().path("error").path("message").asString())
        .contains("upstream, connection: both are given");
    assertError(unknown, 404, "CONNECTION_NOT_FOUND");
    assertThat(unknown.json().path("error").path("hint").asString())
        .contains("POST /admin/v1/connections");
    assertThat(d.status()).isEqualTo(201);
    JsonNode read = admin("GET", "/deployments/" + d.json().path("id").asString(), null).json();
    assertThat(read.path("connection").asString()).isEqualTo("weather");
    assertThat(read.path("upstream").path("transport").asString()).isEqualTo("sse");
  }

  @Test
  void refuses_a_deployment_that_names_nothing_known() {
    Http.Answer missing =
        admin(
            "POST",
            "/deployments",
            "{\"server\":\"io.github.user/weather\",\"route\":\"Bad Route\"}");
    assertError(missing, 400, "INVALID_REQUEST");
    assertThat(missing.json().path("error").path("details"))
        .extracting(d -> d.path("field").asString())
        .contains("version", "environment", "upstream, connection");

    assertError(
        admin(
            "POST",
            "/deployments",
            "{\"server\":\"io.github.user/weather\",\"version\":\"1.0.0\",\"environment\":\"nope\","
                + "\"route\":\"weather\",\"upstream\":{\"url\":\"http://127.0.0.1:1/mcp\"}}"),
        404,
        "ENVIRONMENT_NOT_FOUND");
    assertError(
        admin(
            "POST",
            "/deployments",
            "{\"server\":\"io.github.user/weather\",\"version\":\"1.0.0\",\"environment\":\"nope\","
                + "\"route\":\"weather\",\"upstream\":{\"url\":\"ftp://x\"}}"),
        400,
        "INVALID_REQUEST");
    assertError(admin("DELETE", "/deployments/dep_nope", null), 404, "DEPLOYMENT_NOT_FOUND");
  }

  @Test
  void attaches_auth_schemes_without_ever_taking_a_secret() {
    Http.Answer key =
        admin(
            "POST",
            "/auth-schemes",
            "{\"server\":\"io.github.user/weather\",\"version\":\"1.0.0\",\"name\":\"partner\","
                + "\"type\":\"api-key\",\"in\":\"header\",\"parameter\":\"X-API-Key\"}");
    Http.Answer oauth =
        admin(
            "POST",
            "/auth-schemes",
            "{\"server\":\"io.github.user/weather\",\"version\":\"1.0.0\",\"name\":\"sso\","
                + "\"type\":\"oauth2\",\"authorizationUrl\":\"https://login.acme.com/authorize\",\"tokenUrl\":\"https://login.acme.com/token\","
                + "\"scopes\":[\"weather.read\"]}");
    Http.Answer secret =
        admin(
            "POST",
            "/auth-schemes",
            "{\"server\":\"io.github.user/weather\",\"version\":\"1.0.0\",\"name\":\"k\","
                + "\"type\":\"api-key\",\"in\":\"query\",\"parameter\":\"key\",\"value\":\"sk-live-123\"}");

    assertThat(key.status()).isEqualTo(201);
    assertThat(oauth.json().path("scopes"))
        .extracting(JsonNode::asString)
        .containsExactly("weather.read");
    assertError(secret, 400, "INVALID_REQUEST");
    assertThat(secret.raw().body()).doesNotContain("sk-live-123");
    JsonNode listed =
        admin("GET", "/auth-schemes?server=io.github.user/weather&version=1.0.0", null).json();
    assertThat(listed.path("authSchemes"))
        .extracting(s -> s.path("name").asString())
        .containsExactly("partner", "sso");
    assertThat(admin("DELETE", "/auth-schemes/" + key.json().path("id").asString(), null).status())
        .isEqualTo(204);
    assertError(admin("GET", "/auth-schemes", null), 400, "INVALID_REQUEST");
  }

  @Test
  void records_access_rules() {
    Http.Answer rule =
        admin(
            "POST",
            "/access-rules",
            "{\"server\":\"io.github.user/weather\",\"version\":\"1.0.0\","
                + "\"principal\":\"group:payments\",\"actions\":[\"discover\",\"use\"]}");

    assertThat(rule.status()).isEqualTo(201);
    assertThat(rule.json().path("actions"))
        .extracting(JsonNode::asString)
        .containsExactly("discover", "use");
    assertError(
        admin(
            "POST",
            "/access-rules",
            "{\"server\":\"io.github.user/weather\",\"version\":\"1.0.0\","
                + "\"principal\":\"group:payments\",\"actions\":[\"use\"]}"),
        409,
        "ACCESS_RULE_EXISTS");
    assertError(
        admin(
            "POST",
            "/access-rules",
            "{\"server\":\"io.github.user/weather\",\"version\":\"1.0.0\","
                + "\"principal\":\"group:x\",\"actions\":[\"admin\"]}"),
        400,
        "INVALID_REQUEST");
    // Once a version has a rule, only those a discover rule names (and the admin) see it.
    assertThat(
            Http.get(server.url("/v0.1/servers/io.github.user%2Fweather/versions/1.0.0"))
                .raw()
                .statusCode())
        .isEqualTo(404);
    JsonNode registry =
        Http.get(
                server.url("/v0.1/servers/io.github.user%2Fweather/versions/1.0.0"),
                CatalogUnderTest.TOKEN)
            .json();
    assertThat(
            registry
                .path("_meta")
                .path("io.gatehouse/catalog")
                .path("access")
                .path("rules")
                .asInt())
        .isEqualTo(1);
  }

  @Test
  void stores_a_tool_snapshot_by_hand_and_finds_it_by_search() {
    admin("POST", "/environments", "{\"name\":\"prod\",\"kind\":\"prod\"}");
    String id =
        admin(
                "POST",
                "/deployments",
                "{\"server\":\"io.github.user/weather\",\"version\":\"1.0.0\",\"environment\":\"prod\","
                    + "\"route\":\"weather\",\"upstream\":{\"url\":\"http://127.0.0.1:1/mcp\"}}")
            .json()
            .path("id")
            .asString();

    Http.Answer put =
        admin(
            "PUT",
            "/deployments/" + id + "/tools",
            "{\"tools\":[{\"name\":\"forecast\",\"description\":\"Forecast for a city\","
                + "\"inputSchema\":{\"type\":\"object\"}}]}");
    Http.Answer found = admin("GET", "/tools?search=CITY", null);

    assertThat(put.status()).isEqualTo(200);
    assertThat(found.json().path("tools"))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.path("name").asString()).isEqualTo("forecast");
              assertThat(t.path("server").asString()).isEqualTo("io.github.user/weather");
              assertThat(t.path("url").asString()).isEqualTo(server.url() + "/mcp/weather");
            });
    assertError(admin("GET", "/tools", null), 400, "INVALID_REQUEST");
    assertError(
        admin("PUT", "/deployments/" + id + "/tools", "{\"tools\":[{\"name\":\"x\"}]}"),
        400,
        "INVALID_REQUEST");
  }

  @Test
  void answers_unknown_paths_and_methods_in_the_admin_error_shape() {
    assertError(admin("GET", "/environments/prod/extra", null), 404, "NOT_FOUND");
    Http.Answer method = admin("PATCH", "/environments", "{}");
    assertError(method, 405, "METHOD_NOT_ALLOWED");
    assertThat(method.header("Allow")).isEqualTo("GET, POST");
    assertThat(Http.get(URI.create(server.url() + "/admin/v1/other")).status()).isEqualTo(404);
  }
}
