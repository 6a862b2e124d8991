package io.gatehouse.interop;

import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tool rules in front of server-everything, for two consumers with different rules: what each sees
 * in {@code tools/list} (as JSON answers and as event streams, following every cursor), which calls
 * are refused with {@code TOOL_FORBIDDEN}, and that allowed calls reach the server. The expected
 * lists come from server-everything's own list on an open route, so the test holds whatever tools
 * its version has.
 */
class ToolRulesInteropTest {
  static ServerEverything upstream;
  static RunningGatehouse gatehouse;
  static String aliceKey;
  static String bobKey;
  static List<String> everything;

  @BeforeAll
  static void start() {
    upstream = ServerEverything.start(NodeTools.require(), UpstreamMode.STREAMABLE_HTTP);
    gatehouse =
        RunningGatehouse.start(
            "routes:\n"
                + RunningGatehouse.route("open", upstream.url(), "auto")
                + RunningGatehouse.route("ruled", upstream.url(), "auto")
                + "    auth: [api-key]\n"
                + "    tools:\n"
                + "      consumers:\n"
                + "        alice: {allow: [echo, 'get-*']}\n"
                + "        bob: {allow: ['*'], deny: ['get-*']}\n");
    aliceKey = key("alice");
    bobKey = key("bob");
    everything = tools(gatehouse.route("open"), null, "application/json, text/event-stream");
    assertThat(everything).contains("echo").anyMatch(n -> n.startsWith("get-"));
    assertThat(everything).anyMatch(n -> !n.equals("echo") && !n.startsWith("get-"));
  }

  @AfterAll
  static void stop() {
    if (gatehouse != null) {
      gatehouse.close();
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  static String key(String consumer) {
    String token = RunningGatehouse.ADMIN_TOKEN;
    HttpResponse<String> c =
        gatehouse.send("POST", "/admin/v1/consumers", token, "{\"name\":\"" + consumer + "\"}");
    assertThat(c.statusCode()).as(c.body()).isEqualTo(201);
    HttpResponse<String> k =
        gatehouse.send("POST", "/admin/v1/consumers/" + consumer + "/keys", token, "{}");
    assertThat(k.statusCode()).as(k.body()).isEqualTo(201);
    return JsonMapper.shared().readTree(k.body()).path("key").asString();
  }

  static HttpResponse<String> call(
      URI route, String session, String key, String accept, String body) {
    HttpRequest.Builder b = post(route, session, body).setHeader("Accept", accept);
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return send(b);
  }

  static String open(URI route, String key) {
    HttpResponse<String> init = call(route, null, key, McpWire.ACCEPT, McpWire.initializeBody(1));
    assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    assertThat(
            call(
                    route,
                    session,
                    key,
                    McpWire.ACCEPT,
                    McpWire.notification("notifications/initialized"))
                .statusCode())
        .isEqualTo(202);
    return session;
  }

  /** Every tool name the caller is shown, following nextCursor; answers as {@code accept} asks. */
  static List<String> tools(URI route, String key, String accept) {
    String session = open(route, key);
    List<String> names = new ArrayList<>();
    String cursor = null;
    int id = 10;
    do {
      String params =
          cursor == null
              ? "{}"
              : "{\"cursor\":" + JsonMapper.shared().writeValueAsString(cursor) + "}";
      HttpResponse<String> r =
          call(
              route,
              session,
              key,
              accept,
              "{\"jsonrpc\":\"2.0\",\"id\":"
                  + id++
                  + ",\"method\":\"tools/list\",\"params\":"
                  + params
                  + "}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      if (accept.equals("application/json")) {
        assertThat(r.headers().firstValue("Content-Type").orElse(""))
            .startsWith("application/json");
      }
      JsonNode result = JsonMapper.shared().readTree(McpWire.answer(r)).path("result");
      result.path("tools").forEach(t -> names.add(t.path("name").asString()));
      cursor = result.path("nextCursor").isString() ? result.path("nextCursor").asString() : null;
    } while (cursor != null && id < 100);
    return names;
  }

  static List<String> expected(Predicate<String> visible) {
    return everything.stream().filter(visible).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "application/json, text/event-stream"})
  void each_consumer_sees_exactly_its_tools(String accept) {
    URI route = gatehouse.route("ruled");
    assertThat(tools(route, aliceKey, accept))
        .containsExactlyElementsOf(expected(n -> n.equals("echo") || n.startsWith("get-")));
    assertThat(tools(route, bobKey, accept))
        .containsExactlyElementsOf(expected(n -> !n.startsWith("get-")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "application/json, text/event-stream"})
  void hidden_tools_are_refused_and_allowed_ones_reach_the_server(String accept) {
    URI route = gatehouse.route("ruled");
    String alice = open(route, aliceKey);
    String bob = open(route, bobKey);
    String notForAlice = expected(n -> !n.equals("echo") && !n.startsWith("get-")).getFirst();
    String notForBob = expected(n -> n.startsWith("get-")).getFirst();
    assertForbidden(call(route, alice, aliceKey, accept, McpWire.toolCall(20, notForAlice, "{}")));
    assertForbidden(call(route, bob, bobKey, accept, McpWire.toolCall(21, notForBob, "{}")));
    assertForbidden(
        call(route, alice, aliceKey, accept, McpWire.toolCall(22, "no-such-tool", "{}")));
    for (String[] who : new String[][] {{alice, aliceKey}, {bob, bobKey}}) {
      HttpResponse<String> echo =
          call(
              route,
              who[0],
              who[1],
              accept,
              McpWire.toolCall(23, "echo", "{\"message\":\"hello\"}"));
      assertThat(McpWire.answer(echo)).contains("hello").doesNotContain("\"error\"");
    }
  }

  static void assertForbidden(HttpResponse<String> r) {
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode error = JsonMapper.shared().readTree(McpWire.answer(r)).path("error");
    assertThat(error.path("data").path("key").asString()).isEqualTo("TOOL_FORBIDDEN");
  }
}
