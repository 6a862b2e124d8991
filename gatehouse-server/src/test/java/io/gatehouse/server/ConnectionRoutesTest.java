package io.gatehouse.server;

import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.server.config.ConfigException;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Routes that name a connection: they take its URL and transport, and its key reaches the upstream
 * on every request; they follow the connection as it is created, changed and deleted.
 */
class ConnectionRoutesTest {
  static final String TOKEN = RunningGatehouse.ADMIN_TOKEN;
  static ScriptedUpstream upstream;
  static ScriptedUpstream other;

  @BeforeAll
  static void start() {
    upstream =
        ScriptedUpstream.start(
            s -> s.tool("search", (c, out) -> out.result(ScriptedUpstream.text("from-first"))));
    other =
        ScriptedUpstream.start(
            s -> s.tool("search", (c, out) -> out.result(ScriptedUpstream.text("from-second"))));
  }

  @AfterAll
  static void stop() {
    upstream.close();
    other.close();
  }

  static String key(String connection, String url, String value) {
    return "{\"name\":\""
        + connection
        + "\",\"url\":\""
        + url
        + "\",\"transport\":\"streamable-http\",\"auth\":{\"type\":\"key\",\"query\":{\"code\":"
        + "{\"value\":\"q-"
        + value
        + "\"}},\"headers\":{\"Authorization\":{\"value\":\"Bearer "
        + value
        + "\"}}}}";
  }

  static String call(RunningGatehouse g) {
    McpWire.Session s = McpWire.session(g.route("search"), "{}");
    HttpResponse<String> r =
        send(
            post(s.url(), s.id(), McpWire.toolCall(2, "search", "{}"))
                .header("Authorization", "Bearer the-callers-own-token"));
    return McpWire.answer(r);
  }

  static String errorKey(HttpResponse<String> r) {
    JsonNode e = JsonMapper.shared().readTree(McpWire.answer(r)).path("error");
    return e.path("data").path("key").asString();
  }

  @Test
  void a_route_follows_its_connection_and_sends_its_key_never_the_callers(@TempDir Path dir) {
    try (RunningGatehouse g =
        RunningGatehouse.start(dir, "routes:\n  - name: search\n    connection: tools\n")) {
      HttpResponse<String> before = send(post(g.route("search"), null, McpWire.initializeBody(1)));
      assertThat(before.statusCode()).isEqualTo(404);
      assertThat(errorKey(before)).isEqualTo("CONNECTION_NOT_FOUND");

      assertThat(
              g.send(
                      "POST",
                      "/admin/v1/connections",
                      TOKEN,
                      key("tools", upstream.url().toString(), "k1"))
                  .statusCode())
          .isEqualTo(201);
      assertThat(call(g)).contains("from-first");
      assertThat(upstream.requests())
          .allSatisfy(
              r -> {
                assertThat(r.headers().get("authorization")).isEqualTo("Bearer k1");
                assertThat(r.query()).isEqualTo("code=q-k1");
                assertThat(r.headers().toString()).doesNotContain("the-callers-own-token");
              });

      // repointed: the next session goes to the new URL with the new key
      assertThat(
              g.send(
                      "PUT",
                      "/admin/v1/connections/tools",
                      TOKEN,
                      key("tools", other.url().toString(), "k2"))
                  .statusCode())
          .isEqualTo(200);
      assertThat(call(g)).contains("from-second");
      assertThat(other.requests())
          .allSatisfy(r -> assertThat(r.headers().get("authorization")).isEqualTo("Bearer k2"));

      assertThat(g.send("DELETE", "/admin/v1/connections/tools", TOKEN, "").statusCode())
          .isEqualTo(204);
      assertThat(errorKey(send(post(g.route("search"), null, McpWire.initializeBody(1)))))
          .isEqualTo("CONNECTION_NOT_FOUND");
    }
  }

  @Test
  void a_route_may_not_name_a_connection_and_its_own_upstream(@TempDir Path dir) {
    assertThatThrownBy(
            () ->
                RunningGatehouse.start(
                    dir,
                    "routes:\n  - name: search\n    connection: tools\n"
                        + "    upstream: {url: 'http://127.0.0.1:1/mcp'}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("routes[0].upstream")
        .hasMessageContaining("names connection 'tools'");
  }
}
