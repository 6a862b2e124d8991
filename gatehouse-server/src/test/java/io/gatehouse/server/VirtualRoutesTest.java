package io.gatehouse.server;

import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.ConformanceFixtureServer;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Virtual routes in a running server, over two routes to the test kit's MCP server: the merged,
 * prefixed list, calls routed by prefix, the allow list, a stopped source left out while the other
 * works, and the caller's identity reaching each source (its own tool rules apply through the
 * virtual route).
 */
class VirtualRoutesTest {
  private static final JsonMapper JSON = JsonMapper.shared();
  static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";

  private static String routes(URI a, URI b, String auth) {
    return "routes:\n"
        + RunningGatehouse.route("alpha", a, "streamable-http")
        + auth
        + RunningGatehouse.route("beta", b, "streamable-http")
        + auth
        + "  - name: both\n"
        + auth
        + "    upstream:\n"
        + "      transport: virtual\n"
        + "      sources:\n"
        + "        - {route: alpha, prefix: a_}\n"
        + "        - {route: beta, prefix: b_, tools: ['test_simple_*', 'test_error_handling']}\n";
  }

  static JsonNode rpc(URI route, String session, String key, String body) {
    HttpRequest.Builder b = post(route, session, body);
    if (key != null) {
      b.header("X-API-Key", key);
    }
    HttpResponse<String> r = send(b);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(McpWire.answer(r));
  }

  static String open(URI route, String key) {
    HttpRequest.Builder init = post(route, null, McpWire.initializeBody(1, "{}"));
    if (key != null) {
      init.header("X-API-Key", key);
    }
    HttpResponse<String> r = send(init);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String session = r.headers().firstValue("Mcp-Session-Id").orElseThrow();
    HttpRequest.Builder n = post(route, session, McpWire.notification("notifications/initialized"));
    if (key != null) {
      n.header("X-API-Key", key);
    }
    assertThat(send(n).statusCode()).isEqualTo(202);
    return session;
  }

  static List<String> names(JsonNode answer, String field) {
    List<String> out = new ArrayList<>();
    answer.path("result").path(field).forEach(t -> out.add(t.path("name").asString()));
    return out;
  }

  private static String call(String tool) {
    return McpWire.toolCall(3, tool, "{}");
  }

  @Test
  void lists_both_sources_prefixed_routes_calls_and_leaves_a_stopped_source_out() {
    ConformanceFixtureServer a = ConformanceFixtureServer.start();
    ConformanceFixtureServer b = ConformanceFixtureServer.start();
    try (a;
        RunningGatehouse gh = RunningGatehouse.start(routes(a.url(), b.url(), ""))) {
      URI both = gh.route("both");
      String session = open(both, null);
      List<String> tools = names(rpc(both, session, null, LIST), "tools");
      assertThat(tools)
          .contains("a_test_simple_text", "a_test_image_content", "a_test_error_handling")
          .contains("b_test_simple_text", "b_test_error_handling")
          .doesNotContain("b_test_image_content", "test_simple_text");
      assertThat(tools.indexOf("a_test_simple_text"))
          .isLessThan(tools.indexOf("b_test_simple_text"));

      JsonNode text = rpc(both, session, null, call("b_test_simple_text"));
      assertThat(text.path("id").asInt()).isEqualTo(3);
      assertThat(text.path("result").path("content").path(0).path("text").asString())
          .as(text.toString())
          .isNotEmpty();
      JsonNode hidden = rpc(both, session, null, call("b_test_image_content"));
      assertThat(hidden.path("error").path("code").asInt()).isEqualTo(-32602);
      assertThat(hidden.path("error").path("message").asString())
          .contains("unknown tool: 'b_test_image_content'");

      b.close();
      List<String> after = names(rpc(both, session, null, LIST), "tools");
      assertThat(after).contains("a_test_simple_text").noneMatch(n -> n.startsWith("b_"));
      JsonNode down = rpc(both, session, null, call("b_test_simple_text"));
      assertThat(down.path("error").path("data").path("key").asString())
          .as(down.toString())
          .isEqualTo("SOURCE_UNAVAILABLE");
      assertThat(down.path("error").path("message").asString()).contains("'beta'");
      JsonNode still = rpc(both, session, null, call("a_test_simple_text"));
      assertThat(still.has("result")).as(still.toString()).isTrue();

      String fresh = open(both, null);
      assertThat(names(rpc(both, fresh, null, LIST), "tools"))
          .contains("a_test_simple_text")
          .noneMatch(n -> n.startsWith("b_"));
    } finally {
      b.close();
    }
  }

  @Test
  void each_source_sees_the_virtual_routes_caller_and_applies_its_own_rules() {
    try (ConformanceFixtureServer a = ConformanceFixtureServer.start();
        ConformanceFixtureServer b = ConformanceFixtureServer.start();
        RunningGatehouse gh =
            RunningGatehouse.start(
                "routes:\n"
                    + RunningGatehouse.route("alpha", a.url(), "streamable-http")
                    + "    auth: [api-key]\n"
                    + "    tools: {consumers: {bob: {deny: ['test_image_*']}}}\n"
                    + RunningGatehouse.route("beta", b.url(), "streamable-http")
                    + "    auth: [api-key]\n"
                    + "  - name: both\n"
                    + "    auth: [api-key]\n"
                    + "    upstream: {transport: virtual, sources: [{route: alpha, prefix: a_},"
                    + " {route: beta, prefix: b_}]}\n"
                    + "  - name: open-both\n"
                    + "    upstream: {transport: virtual, sources: [{route: alpha, prefix: a_}]}\n")) {
      String alice = ApprovalsTest.key(gh, "alice", "[]");
      String bob = ApprovalsTest.key(gh, "bob", "[]");
      URI both = gh.route("both");

      List<String> forAlice = names(rpc(both, open(both, alice), alice, LIST), "tools");
      assertThat(forAlice).contains("a_test_image_content", "b_test_image_content");
      String bobs = open(both, bob);
      List<String> forBob = names(rpc(both, bobs, bob, LIST), "tools");
      assertThat(forBob)
          .contains("a_test_simple_text", "b_test_image_content")
          .doesNotContain("a_test_image_content");
      JsonNode refused = rpc(both, bobs, bob, call("a_test_image_content"));
      assertThat(refused.path("error").path("data").path("key").asString())
          .as(refused.toString())
          .isEqualTo("TOOL_FORBIDDEN");

      HttpResponse<String> anonymous = send(post(both, null, McpWire.initializeBody(1, "{}")));
      assertThat(anonymous.statusCode()).isEqualTo(401);

      // an open virtual route over a source that wants a key: the source refuses the anonymous
      // caller, and the virtual route shows nothing of it
      URI open = gh.route("open-both");
      assertThat(names(rpc(open, open(open, null), null, LIST), "tools")).isEmpty();
    }
  }

  @Test
  void a_reload_changes_the_sources_and_a_bad_source_on_reload_keeps_them(@TempDir Path dir)
      throws Exception {
    try (ConformanceFixtureServer a = ConformanceFixtureServer.start();
        ConformanceFixtureServer b = ConformanceFixtureServer.start();
        RunningGatehouse gh = RunningGatehouse.start(dir, routes(a.url(), b.url(), ""))) {
      URI both = gh.route("both");
      assertThat(names(rpc(both, open(both, null), null, LIST), "tools"))
          .anyMatch(n -> n.startsWith("b_"));

      String onlyAlpha =
          routes(a.url(), b.url(), "")
              .replace(
                  "        - {route: beta, prefix: b_, tools: ['test_simple_*', 'test_error_handling']}\n",
                  "");
      gh.rewriteConfig(onlyAlpha);
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  names(rpc(both, open(both, null), null, LIST), "tools").stream()
                      .noneMatch(n -> n.startsWith("b_")));

      gh.rewriteConfig(
          onlyAlpha.replace("{route: alpha, prefix: a_}", "{route: gone, prefix: a_}"));
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  gh.server().lastReload() != null
                      && !gh.server().lastReload().applied()
                      && gh.server().lastReload().message().contains("VIRTUAL_SOURCE_UNKNOWN"));
      assertThat(names(rpc(both, open(both, null), null, LIST), "tools"))
          .contains("a_test_simple_text");
    }
  }

  private static String virtualOver(URI up) {
    return "routes:\n"
        + RunningGatehouse.route("up", up, "streamable-http")
        + "  - name: v\n"
        + "    upstream: {transport: virtual, sources: [{route: up, prefix: u_}]}\n";
  }

  private static long count(ScriptedUpstream up, String method) {
    return up.requests().stream()
        .filter(r -> r.body() != null && r.body().contains("\"method\":\"" + method + "\""))
        .count();
  }

  @Test
  void a_source_that_forgot_its_session_gets_a_new_one_and_one_that_was_down_comes_back() {
    try (ScriptedUpstream up =
            ScriptedUpstream.start(
                s -> s.tool("hello", (call, out) -> out.result(ScriptedUpstream.text("hi"))));
        RunningGatehouse gh = RunningGatehouse.start(virtualOver(up.url()))) {
      URI v = gh.route("v");
      String session = open(v, null);
      assertThat(rpc(v, session, null, call("u_hello")).path("result").toString()).contains("hi");
      assertThat(count(up, "initialize")).isEqualTo(1);

      up.expireSessions(); // as a restarted server: the source's session now answers 404
      assertThat(rpc(v, session, null, call("u_hello")).path("result").toString()).contains("hi");
      assertThat(count(up, "initialize")).isEqualTo(2);

      up.stop();
      assertThat(names(rpc(v, session, null, LIST), "tools")).isEmpty();
      up.restart();
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> names(rpc(v, session, null, LIST), "tools").contains("u_hello"));
    }
  }

  @Test
  void a_cancelled_call_is_cancelled_at_its_source_with_the_id_the_source_saw() {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    try (ScriptedUpstream up =
            ScriptedUpstream.start(
                s ->
                    s.tool(
                        "slow",
                        (call, out) -> {
                          release.await(30, java.util.concurrent.TimeUnit.SECONDS);
                          out.result(ScriptedUpstream.text("late"));
                        }));
        RunningGatehouse gh = RunningGatehouse.start(virtualOver(up.url()))) {
      URI v = gh.route("v");
      String session = open(v, null);
      Thread.ofVirtual().start(() -> send(post(v, session, McpWire.toolCall(7, "u_slow", "{}"))));
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> count(up, "tools/call") == 1);
      String sourceId =
          up.requests().stream()
              .filter(r -> r.body() != null && r.body().contains("tools/call"))
              .map(r -> JSON.readTree(r.body()).get("id").toString())
              .findFirst()
              .orElseThrow();

      HttpResponse<String> cancel =
          send(
              post(
                  v,
                  session,
                  "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                      + "\"params\":{\"requestId\":7,\"reason\":\"changed my mind\"}}"));
      assertThat(cancel.statusCode()).isEqualTo(202);
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  up.requests().stream()
                      .filter(r -> r.body() != null && r.body().contains("notifications/cancelled"))
                      .map(r -> JSON.readTree(r.body()).path("params"))
                      .anyMatch(
                          p ->
                              p.path("requestId").toString().equals(sourceId)
                                  && p.path("reason").asString().equals("changed my mind")));
      release.countDown();
    }
  }
}
