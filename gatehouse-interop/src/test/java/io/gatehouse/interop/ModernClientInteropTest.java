package io.gatehouse.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.ConformanceFixtureServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * MCP 2026-07-28 clients through the gateway to the 2026-07-28 fixture: the TypeScript SDK v2
 * client pinned to that revision, and one client whose requests alternate between two gateway
 * replicas, which works because the modern path keeps no session state anywhere.
 */
class ModernClientInteropTest {
  private static final JsonMapper JSON = JsonMapper.shared();

  @Test
  void sdk_v2_client_pinned_to_2026_calls_a_tool_through_the_gateway() {
    NodeTools tools = NodeTools.require();
    try (ModernFixture fixture = ModernFixture.start(tools);
        RunningGatehouse gateway =
            RunningGatehouse.start(ModernConformanceTest.routes(fixture.url()));
        ChildProcess client =
            ChildProcess.start(
                "modern-client",
                List.of(
                    tools.node().toString(),
                    tools.nodeScript("modern-client.mjs").toString(),
                    gateway.route("modern").toString(),
                    "test_simple_text"),
                Map.of())) {
      String line =
          client.awaitLine(Pattern.compile("\\{\"protocol\".*"), Duration.ofSeconds(60)).group();
      JsonNode seen = JSON.readTree(line);
      assertThat(seen.path("protocol").asString()).as(line).isEqualTo("2026-07-28");
      assertThat(seen.path("era").asString()).as(line).isEqualTo("modern");
      assertThat(seen.path("session").isNull()).isTrue();
      assertThat(seen.path("tools").toString()).contains("test_simple_text", "echo_region");
      assertThat(seen.path("text").asString())
          .isEqualTo("This is a simple text response for testing.");
    }
  }

  @Test
  void two_gateway_replicas_serve_alternate_requests_of_one_client() throws Exception {
    NodeTools tools = NodeTools.require();
    try (ModernFixture fixture = ModernFixture.start(tools);
        RunningGatehouse a = RunningGatehouse.start(ModernConformanceTest.routes(fixture.url()));
        RunningGatehouse b = RunningGatehouse.start(ModernConformanceTest.routes(fixture.url()))) {
      HttpClient http = HttpClient.newHttpClient();
      List<URI> replicas = List.of(a.route("modern"), b.route("modern"));
      for (int i = 0; i < 4; i++) {
        URI to = replicas.get(i % 2);
        HttpResponse<String> discover =
            http.send(
                post(to, i, "server/discover", null, "{}"), HttpResponse.BodyHandlers.ofString());
        assertThat(discover.statusCode()).as(discover.body()).isEqualTo(200);
        assertThat(discover.headers().firstValue("Mcp-Session-Id")).isEmpty();
        assertThat(discover.body()).contains("supportedVersions", "2026-07-28");
        HttpResponse<String> call =
            http.send(
                post(
                    replicas.get((i + 1) % 2),
                    100 + i,
                    "tools/call",
                    "test_simple_text",
                    "{\"name\":\"test_simple_text\",\"arguments\":{}}"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
        assertThat(call.body()).contains("This is a simple text response for testing.");
      }
    }
  }

  @Test
  void progress_streams_to_a_caller_that_takes_streams_and_a_json_only_caller_gets_the_answer()
      throws Exception {
    NodeTools tools = NodeTools.require();
    try (ModernFixture fixture = ModernFixture.start(tools);
        RunningGatehouse gateway =
            RunningGatehouse.start(ModernConformanceTest.routes(fixture.url()))) {
      String params =
          "{\"name\":\"test_tool_with_progress\",\"arguments\":{},\"_meta\":{\"progressToken\":\"p1\","
              + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
              + "\"io.modelcontextprotocol/clientCapabilities\":{}}}";
      String body =
          "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":" + params + "}";
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> streamed =
          http.send(
              call(gateway.route("modern"), "application/json, text/event-stream", body),
              HttpResponse.BodyHandlers.ofString());
      assertThat(streamed.headers().firstValue("Content-Type")).hasValue("text/event-stream");
      assertThat(streamed.body())
          .contains("notifications/progress", "\"progress\":50", "Progress test completed");
      HttpResponse<String> json =
          http.send(
              call(gateway.route("modern"), "application/json", body),
              HttpResponse.BodyHandlers.ofString());
      assertThat(json.statusCode()).isEqualTo(200);
      assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(
              JSON.readTree(json.body())
                  .path("result")
                  .path("content")
                  .get(0)
                  .path("text")
                  .asString())
          .isEqualTo("Progress test completed");
    }
  }

  private static HttpRequest call(URI to, String accept, String body) {
    return HttpRequest.newBuilder(to)
        .header("Content-Type", "application/json")
        .header("Accept", accept)
        .header("MCP-Protocol-Version", "2026-07-28")
        .header("Mcp-Method", "tools/call")
        .header("Mcp-Name", "test_tool_with_progress")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  @Test
  void a_public_list_is_answered_from_the_cache_within_its_ttl_and_a_private_one_never()
      throws Exception {
    NodeTools tools = NodeTools.require();
    try (ModernFixture fixture = ModernFixture.start(tools);
        RunningGatehouse gateway =
            RunningGatehouse.start(ModernConformanceTest.routes(fixture.url()))) {
      HttpClient http = HttpClient.newHttpClient();
      URI route = gateway.route("modern");
      HttpResponse<String> first =
          http.send(
              post(route, 1, "resources/templates/list", null, "{}"),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> second =
          http.send(
              post(route, "two", "resources/templates/list"), HttpResponse.BodyHandlers.ofString());
      assertThat(first.headers().firstValue("Gatehouse-Cache")).isEmpty();
      assertThat(second.headers().firstValue("Gatehouse-Cache")).hasValue("hit");
      JsonNode a = JSON.readTree(first.body());
      JsonNode b = JSON.readTree(second.body());
      assertThat(b.path("id").asString()).isEqualTo("two");
      assertThat(b.path("result")).isEqualTo(a.path("result"));
      assertThat(b.path("result").path("cacheScope").asString()).isEqualTo("public");

      http.send(post(route, 3, "tools/list", null, "{}"), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> tools2 =
          http.send(post(route, 4, "tools/list", null, "{}"), HttpResponse.BodyHandlers.ofString());
      assertThat(tools2.headers().firstValue("Gatehouse-Cache"))
          .as("tools/list is not marked public with a ttl by the fixture")
          .isEmpty();
    }
  }

  private static HttpRequest post(URI to, String id, String method) {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":\""
            + id
            + "\",\"method\":\""
            + method
            + "\",\"params\":{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}";
    return HttpRequest.newBuilder(to)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .header("MCP-Protocol-Version", "2026-07-28")
        .header("Mcp-Method", method)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  @Test
  void a_header_that_disagrees_with_the_body_is_refused_with_32020() throws Exception {
    NodeTools tools = NodeTools.require();
    try (ModernFixture fixture = ModernFixture.start(tools);
        RunningGatehouse gateway =
            RunningGatehouse.start(ModernConformanceTest.routes(fixture.url()))) {
      HttpRequest wrongName =
          HttpRequest.newBuilder(gateway.route("modern"))
              .header("Content-Type", "application/json")
              .header("Accept", "application/json, text/event-stream")
              .header("MCP-Protocol-Version", "2026-07-28")
              .header("Mcp-Method", "tools/call")
              .header("Mcp-Name", "another_tool")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      body(7, "tools/call", "{\"name\":\"test_simple_text\",\"arguments\":{}}")))
              .build();
      HttpResponse<String> answer =
          HttpClient.newHttpClient().send(wrongName, HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(400);
      JsonNode error = JSON.readTree(answer.body()).path("error");
      assertThat(error.path("code").asInt()).isEqualTo(-32020);
      assertThat(error.path("data").path("key").asString()).isEqualTo("HEADER_MISMATCH");
      assertThat(JSON.readTree(answer.body()).path("id").asInt()).isEqualTo(7);
    }
  }

  @Test
  void a_2026_request_to_a_session_era_upstream_is_bridged_and_an_auto_client_stays_modern()
      throws Exception {
    NodeTools tools = NodeTools.require();
    try (ConformanceFixtureServer legacy = ConformanceFixtureServer.start();
        RunningGatehouse gateway =
            RunningGatehouse.start(
                "routes:\n" + RunningGatehouse.route("legacy", legacy.url(), "auto"))) {
      HttpResponse<String> answer =
          HttpClient.newHttpClient()
              .send(
                  post(gateway.route("legacy"), 9, "tools/list", null, "{}"),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      JsonNode result = JSON.readTree(answer.body()).path("result");
      assertThat(result.path("tools").size()).isGreaterThan(0);
      assertThat(result.path("resultType").asString()).isEqualTo("complete");
      assertThat(answer.headers().firstValue("Mcp-Session-Id")).isEmpty();

      try (ChildProcess client =
          ChildProcess.start(
              "modern-client-auto",
              List.of(
                  tools.node().toString(),
                  tools.nodeScript("modern-client.mjs").toString(),
                  gateway.route("legacy").toString(),
                  "test_simple_text",
                  "auto"),
              Map.of())) {
        JsonNode seen =
            JSON.readTree(
                client
                    .awaitLine(Pattern.compile("\\{\"protocol\".*"), Duration.ofSeconds(60))
                    .group());
        assertThat(seen.path("era").asString())
            .as("server/discover is answered by the bridge, so the client stays 2026-07-28")
            .isEqualTo("modern");
        assertThat(seen.path("text").asString())
            .isEqualTo("This is a simple text response for testing.");
      }
    }
  }

  private static HttpRequest post(URI to, int id, String method, String name, String params) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(to)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .header("MCP-Protocol-Version", "2026-07-28")
            .header("Mcp-Method", method);
    if (name != null) {
      b.header("Mcp-Name", name);
    }
    return b.POST(HttpRequest.BodyPublishers.ofString(body(id, method, params))).build();
  }

  private static String body(int id, String method, String params) {
    String meta =
        "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}";
    String p =
        params.equals("{}")
            ? "{" + meta + "}"
            : params.substring(0, params.length() - 1) + "," + meta + "}";
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id
        + ",\"method\":\""
        + method
        + "\",\"params\":"
        + p
        + "}";
  }
}
