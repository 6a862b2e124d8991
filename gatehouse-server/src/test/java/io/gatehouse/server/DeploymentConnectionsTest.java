package io.gatehouse.server;

import static io.gatehouse.server.ConnectionRoutesTest.call;
import static io.gatehouse.server.ConnectionRoutesTest.errorKey;
import static io.gatehouse.server.ConnectionRoutesTest.key;
import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Catalog deployments that name a connection: tool discovery and calls go through the route with
 * the connection's key (the upstreams refuse any other), never the caller's; the route follows the
 * connection as it changes, here or elsewhere, and refuses once it is deleted.
 */
class DeploymentConnectionsTest {
  static final String TOKEN = RunningGatehouse.ADMIN_TOKEN;
  static final String PUBLISH =
      "{\"name\":\"io.github.user/search\",\"description\":\"Search\",\"version\":\"1.0.0\"}";

  @TempDir Path dir;
  ScriptedUpstream first;
  ScriptedUpstream second;

  @BeforeEach
  void start() {
    first =
        ScriptedUpstream.start(
            s ->
                s.authorize("Bearer k1"::equals)
                    .tool("search", (c, out) -> out.result(ScriptedUpstream.text("from-first"))));
    second =
        ScriptedUpstream.start(
            s ->
                s.authorize("Bearer k2"::equals)
                    .tool("search", (c, out) -> out.result(ScriptedUpstream.text("from-second"))));
  }

  @AfterEach
  void stop() {
    first.close();
    second.close();
  }

  static JsonNode json(HttpResponse<String> r) {
    return JsonMapper.shared().readTree(r.body());
  }

  static void catalogWithConnection(RunningGatehouse g, ScriptedUpstream upstream, String k) {
    assertThat(g.send("POST", "/v0.1/publish", TOKEN, PUBLISH).statusCode()).isEqualTo(200);
    assertThat(
            g.send("POST", "/admin/v1/environments", TOKEN, "{\"name\":\"prod\",\"kind\":\"prod\"}")
                .statusCode())
        .isEqualTo(201);
    assertThat(
            g.send(
                    "POST",
                    "/admin/v1/connections",
                    TOKEN,
                    key("tools", upstream.url().toString(), k))
                .statusCode())
        .isEqualTo(201);
  }

  static void assertOnlyKey(ScriptedUpstream upstream, String key) {
    assertThat(upstream.requests())
        .isNotEmpty()
        .allSatisfy(
            r -> {
              assertThat(r.headers().get("authorization")).isEqualTo("Bearer " + key);
              assertThat(r.headers().toString()).doesNotContain("the-callers-own-token");
            });
  }

  @Test
  void a_deployment_naming_a_key_connection_is_discovered_and_called_with_its_key() {
    try (RunningGatehouse g = RunningGatehouse.start(dir, "")) {
      catalogWithConnection(g, first, "k1");

      HttpResponse<String> created =
          g.send(
              "POST",
              "/admin/v1/deployments",
              TOKEN,
              "{\"server\":\"io.github.user/search\",\"version\":\"1.0.0\","
                  + "\"environment\":\"prod\",\"route\":\"search\",\"connection\":\"tools\"}");

      assertThat(created.statusCode()).isEqualTo(201);
      String id = json(created).path("id").asString();
      assertThat(json(created).path("connection").asString()).isEqualTo("tools");
      assertThat(json(created).path("upstream").path("url").asString())
          .isEqualTo(first.url().toString());
      // discovery went through the route: the upstream refuses anything but the key
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  json(g.get("/admin/v1/deployments/" + id, TOKEN))
                      .path("status")
                      .asString()
                      .equals("ready"));
      assertThat(g.get("/v0.1/servers/io.github.user%2Fsearch/versions/latest", null).body())
          .contains("\"name\":\"search\"");
      assertThat(call(g)).contains("from-first");
      assertOnlyKey(first, "k1");

      // repointed here: the route moves at once, with the new key
      assertThat(
              g.send(
                      "PUT",
                      "/admin/v1/connections/tools",
                      TOKEN,
                      key("tools", second.url().toString(), "k2"))
                  .statusCode())
          .isEqualTo(200);
      assertThat(call(g)).contains("from-second");
      assertOnlyKey(second, "k2");

      assertThat(g.send("DELETE", "/admin/v1/connections/tools", TOKEN, "").statusCode())
          .isEqualTo(204);
      int reached = second.requests().size();
      assertThat(errorKey(send(post(g.route("search"), null, McpWire.initializeBody(1)))))
          .isEqualTo("CONNECTION_NOT_FOUND");
      assertThat(second.requests()).hasSize(reached);
      assertThat(g.get("/admin/v1/deployments/" + id, TOKEN).statusCode()).isEqualTo(200);
    }
  }

  static HttpResponse<String> initialize(RunningGatehouse g, String key) {
    HttpRequest.Builder b = post(g.route("search"), null, McpWire.initializeBody(1));
    return send(key == null ? b : b.header("Authorization", "Bearer " + key));
  }

  @Test
  void access_rules_still_guard_a_deployment_naming_a_connection() {
    try (RunningGatehouse g = RunningGatehouse.start(dir, "")) {
      catalogWithConnection(g, first, "k1");
      g.send("POST", "/admin/v1/consumers", TOKEN, "{\"name\":\"alice\",\"groups\":[\"finance\"]}");
      g.send("POST", "/admin/v1/consumers", TOKEN, "{\"name\":\"bob\"}");
      String alice =
          json(g.send("POST", "/admin/v1/consumers/alice/keys", TOKEN, "{}"))
              .path("key")
              .asString();
      String bob =
          json(g.send("POST", "/admin/v1/consumers/bob/keys", TOKEN, "{}")).path("key").asString();
      assertThat(
              g.send(
                      "POST",
                      "/admin/v1/access-rules",
                      TOKEN,
                      "{\"server\":\"io.github.user/search\",\"version\":\"1.0.0\","
                          + "\"principal\":\"group:finance\",\"actions\":[\"discover\",\"use\"]}")
                  .statusCode())
          .isEqualTo(201);
      String id =
          json(g.send(
                  "POST",
                  "/admin/v1/deployments",
                  TOKEN,
                  "{\"server\":\"io.github.user/search\",\"version\":\"1.0.0\","
                      + "\"environment\":\"prod\",\"route\":\"search\",\"connection\":\"tools\"}"))
              .path("id")
              .asString();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  json(g.get("/admin/v1/deployments/" + id, TOKEN))
                      .path("status")
                      .asString()
                      .equals("ready"));

      assertThat(errorKey(initialize(g, null))).isEqualTo("UNAUTHENTICATED");
      assertThat(errorKey(initialize(g, bob))).isEqualTo("FORBIDDEN");
      HttpResponse<String> ok = initialize(g, alice);
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
      assertOnlyKey(first, "k1");
      assertThat(first.requests())
          .allSatisfy(r -> assertThat(r.headers().toString()).doesNotContain(alice));
    }
  }

  @Test
  void an_imported_deployment_follows_a_connection_changed_elsewhere() throws Exception {
    try (RunningGatehouse g = RunningGatehouse.start(dir, "")) {
      catalogWithConnection(g, first, "k1");
      Path file =
          Files.writeString(
              dir.resolve("catalog.yaml"),
              """
              gatehouse-catalog: 1
              servers:
                - server: {name: io.github.user/search, description: Search, version: 1.0.0}
                  deployments: [{environment: prod, route: search, connection: tools}]
              """);
      StringWriter err = new StringWriter();
      int exit =
          Main.run(
              new String[] {
                "catalog", "import", "--config", g.configFile().toString(), file.toString()
              },
              new PrintWriter(new StringWriter()),
              new PrintWriter(err));
      assertThat(exit).as(err.toString()).isZero();
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(() -> call(g).contains("from-first"));
      assertThat(g.get("/admin/v1/deployments", TOKEN).body()).contains("\"connection\":\"tools\"");

      // changed without telling this process's routes, as another replica would: the poll sees it
      g.server()
          .connections()
          .replace(
              "default",
              "tools",
              JsonMapper.shared().readTree(key("tools", second.url().toString(), "k2")));
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(() -> call(g).contains("from-second"));
      assertOnlyKey(second, "k2");
    }
  }
}
