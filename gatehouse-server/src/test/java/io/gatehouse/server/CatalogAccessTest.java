package io.gatehouse.server;

import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.catalog.Deployment;
import io.gatehouse.catalog.DeploymentStatus;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The catalog's access rules enforced in the real server: a version with rules is hidden from the
 * registry and the tool search for whoever no {@code discover} rule names (exactly as if it did not
 * exist), and its deployment's route admits only the principals a {@code use} rule names, while
 * tool discovery still reaches it. A version without rules stays open, as before.
 */
class CatalogAccessTest {
  static final String TOKEN = RunningGatehouse.ADMIN_TOKEN;
  static final String OPEN = "io.github.acme/weather";
  static final String GUARDED = "io.github.acme/payroll";
  static final String GUARDED_PATH = "/v0.1/servers/io.github.acme%2Fpayroll/versions/1.0.0";
  static ScriptedUpstream upstream;
  static RunningGatehouse gh;
  static String alice;
  static String bob;
  static String carol;

  @BeforeAll
  static void start() {
    upstream =
        ScriptedUpstream.start(
            s -> s.tool("pay-salaries", (c, out) -> out.result(ScriptedUpstream.text("paid"))));
    gh =
        RunningGatehouse.start(
            "routes:\n"
                + RunningGatehouse.route("keyed", upstream.url(), "streamable-http")
                + "    auth: [api-key]\n");
    admin("POST", "/admin/v1/consumers", "{\"name\":\"alice\",\"groups\":[\"finance\"]}");
    admin("POST", "/admin/v1/consumers", "{\"name\":\"bob\"}");
    admin("POST", "/admin/v1/consumers", "{\"name\":\"carol\"}");
    alice = admin("POST", "/admin/v1/consumers/alice/keys", "{}").path("key").asString();
    bob = admin("POST", "/admin/v1/consumers/bob/keys", "{}").path("key").asString();
    // A key scoped to one route still says who reads the registry.
    carol =
        admin("POST", "/admin/v1/consumers/carol/keys", "{\"routes\":[\"weather\"]}")
            .path("key")
            .asString();
    admin("POST", "/admin/v1/environments", "{\"name\":\"prod\",\"kind\":\"prod\"}");
    for (String[] s : new String[][] {{OPEN, "weather"}, {GUARDED, "payroll"}}) {
      admin(
          "POST",
          "/v0.1/publish",
          "{\"name\":\"" + s[0] + "\",\"description\":\"" + s[1] + "\",\"version\":\"1.0.0\"}");
    }
    admin(
        "POST",
        "/admin/v1/access-rules",
        "{\"server\":\""
            + GUARDED
            + "\",\"version\":\"1.0.0\",\"principal\":\"group:finance\","
            + "\"actions\":[\"discover\",\"use\"]}");
    admin(
        "POST",
        "/admin/v1/access-rules",
        "{\"server\":\""
            + GUARDED
            + "\",\"version\":\"1.0.0\",\"principal\":\"user:carol\","
            + "\"actions\":[\"discover\"]}");
    for (String[] s : new String[][] {{OPEN, "weather"}, {GUARDED, "payroll"}}) {
      admin(
          "POST",
          "/admin/v1/deployments",
          "{\"server\":\""
              + s[0]
              + "\",\"version\":\"1.0.0\",\"environment\":\"prod\",\"route\":\""
              + s[1]
              + "\",\"upstream\":{\"url\":\""
              + upstream.url()
              + "\",\"transport\":\"streamable-http\"}}");
    }
  }

  @AfterAll
  static void stop() {
    gh.close();
    upstream.close();
  }

  static JsonNode admin(String method, String path, String body) {
    HttpResponse<String> r = gh.send(method, path, TOKEN, body);
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
    return r.body().isEmpty() ? null : JsonMapper.shared().readTree(r.body());
  }

  static HttpResponse<String> read(String path, String credential) {
    return gh.get(path, credential);
  }

  static HttpResponse<String> initialize(String route, String key) {
    HttpRequest.Builder b = post(gh.route(route), null, McpWire.initializeBody(1));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return send(b);
  }

  static String errorKey(HttpResponse<String> r) {
    return JsonMapper.shared().readTree(r.body()).path("error").path("data").path("key").asString();
  }

  @Test
  void tool_discovery_reaches_the_guarded_route() {
    Deployment d =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> gh.server().catalog().deployments().list(GUARDED, null).getFirst(),
                x -> x.status() == DeploymentStatus.READY);
    assertThat(gh.server().catalog().tools().of(d.id()))
        .extracting(t -> t.name())
        .contains("pay-salaries");
  }

  @Test
  void the_registry_hides_a_guarded_version_from_whoever_no_discover_rule_names() {
    assertThat(read("/v0.1/servers", null).body()).contains(OPEN).doesNotContain(GUARDED);
    assertThat(read("/v0.1/servers", bob).body()).contains(OPEN).doesNotContain(GUARDED);
    assertThat(read("/v0.1/servers", alice).body()).contains(OPEN).contains(GUARDED);
    assertThat(read("/v0.1/servers", carol).body()).contains(GUARDED);
    assertThat(read("/v0.1/servers", TOKEN).body()).contains(GUARDED);

    HttpResponse<String> hidden = read(GUARDED_PATH, bob);
    HttpResponse<String> absent =
        read("/v0.1/servers/io.github.acme%2Fpayroll/versions/9.9.9", alice);
    assertThat(hidden.statusCode()).isEqualTo(404);
    assertThat(absent.statusCode()).isEqualTo(404);
    // the same answer, word for word, but for the version asked about
    assertThat(hidden.body()).isEqualTo(absent.body().replace("9.9.9", "1.0.0"));
    assertThat(read(GUARDED_PATH, null).statusCode()).isEqualTo(404);
    assertThat(read("/v0.1/servers/io.github.acme%2Fpayroll/versions", bob).statusCode())
        .isEqualTo(404);
    assertThat(read(GUARDED_PATH, alice).statusCode()).isEqualTo(200);
    assertThat(read("/v0.1/servers/io.github.acme%2Fpayroll/versions/latest", alice).body())
        .contains(GUARDED);
  }

  @Test
  void an_api_key_reads_the_registry_as_x_api_key_too_and_a_wrong_one_is_refused()
      throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(gh.url("/v0.1/servers")).header("X-API-Key", alice).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.body()).contains(GUARDED);
    HttpResponse<String> wrong = read("/v0.1/servers", "ghk_AAAAAAAA_" + "x".repeat(43));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).doesNotContain(GUARDED);
  }

  @Test
  void the_guarded_route_admits_only_principals_a_use_rule_names() {
    HttpResponse<String> anonymous = initialize("payroll", null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(errorKey(anonymous)).isEqualTo("UNAUTHENTICATED");
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();

    // every entry is guarded: the GET stream and the legacy SSE endpoint too
    assertThat(send(McpWire.get(gh.route("payroll"), "gh1.anything")).statusCode()).isEqualTo(401);
    HttpRequest.Builder legacy =
        HttpRequest.newBuilder(gh.url("/mcp/payroll/sse")).header("Accept", "text/event-stream");
    assertThat(send(legacy.copy().GET()).statusCode()).isEqualTo(401);
    assertThat(send(legacy.copy().header("Authorization", "Bearer " + bob).GET()).statusCode())
        .isEqualTo(403);

    HttpResponse<String> other = initialize("payroll", bob);
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(errorKey(other)).isEqualTo("FORBIDDEN");
    // discover alone is not use
    assertThat(initialize("payroll", carol).statusCode()).isEqualTo(403);

    HttpResponse<String> ok = initialize("payroll", alice);
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);

    assertThat(initialize("weather", null).statusCode()).isEqualTo(200);
  }

  @Test
  void a_rule_change_reaches_the_route_without_a_restart() {
    JsonNode rule =
        admin(
            "POST",
            "/admin/v1/access-rules",
            "{\"server\":\""
                + OPEN
                + "\",\"version\":\"1.0.0\",\"principal\":\"user:bob\","
                + "\"actions\":[\"use\"]}");
    try {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> initialize("weather", null).statusCode() == 401);
      assertThat(initialize("weather", bob).statusCode()).isEqualTo(200);
      assertThat(initialize("weather", alice).statusCode()).isEqualTo(403);
      // use alone is not discover: the version is now hidden from everyone but the admin
      assertThat(read("/v0.1/servers", bob).body()).doesNotContain(OPEN);
    } finally {
      admin("DELETE", "/admin/v1/access-rules/" + rule.path("id").asString(), "");
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> initialize("weather", null).statusCode() == 200);
    assertThat(read("/v0.1/servers", null).body()).contains(OPEN);
  }

  @Test
  void a_new_version_of_a_guarded_server_starts_with_its_rules() {
    admin(
        "POST",
        "/v0.1/publish",
        "{\"name\":\"" + GUARDED + "\",\"description\":\"payroll\",\"version\":\"1.1.0\"}");
    assertThat(read("/v0.1/servers", null).body()).doesNotContain(GUARDED);
    assertThat(read("/v0.1/servers/io.github.acme%2Fpayroll/versions/1.1.0", bob).statusCode())
        .isEqualTo(404);
    assertThat(read("/v0.1/servers/io.github.acme%2Fpayroll/versions/1.1.0", alice).statusCode())
        .isEqualTo(200);
    assertThat(
            gh.server()
                .catalog()
                .accessRules()
                .of(new io.gatehouse.catalog.VersionRef(GUARDED, "1.1.0")))
        .extracting(r -> r.principal())
        .containsExactlyInAnyOrder("group:finance", "user:carol");
  }

  @Test
  void the_discovery_credential_is_not_a_key_anywhere_else() {
    Map<String, String> h = gh.server().catalog().access().discoveryHeaders();
    String key = h.get("Authorization").substring("Bearer ".length());
    assertThat(read("/v0.1/servers", key).statusCode()).isEqualTo(401);
    assertThat(read("/admin/v1/consumers", key).statusCode()).isEqualTo(401);
    assertThat(initialize("keyed", key).statusCode()).isEqualTo(401);
    assertThat(initialize("keyed", alice).statusCode()).isEqualTo(200);
  }
}
