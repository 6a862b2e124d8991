package io.gatehouse.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.protocol.sse.SseReader;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A 2025-11-25 client (plain HTTP, so every message is seen) through the reverse bridge to the
 * 2026-07-28 fixture on a route fixed to that revision: the gateway answers {@code initialize} from
 * {@code server/discover}, relays progress, turns the fixture's {@code input_required} results into
 * real {@code elicitation/create} and {@code sampling/createMessage} requests on the call's stream
 * and retries with the answers, and serves the GET stream from {@code subscriptions/listen}.
 */
class ReverseBridgeInteropTest {
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final String ALL = "{\"elicitation\":{},\"sampling\":{},\"roots\":{}}";

  static ModernFixture fixture;
  static RunningGatehouse gateway;
  static URI route;

  @BeforeAll
  static void start() {
    NodeTools tools = NodeTools.require();
    fixture = ModernFixture.start(tools);
    gateway = RunningGatehouse.start(routes(fixture.url()));
    route = gateway.route("modern");
  }

  @AfterAll
  static void stop() {
    gateway.close();
    fixture.close();
  }

  /** One route whose upstream is fixed to 2026-07-28 (no probe). */
  static String routes(URI upstream) {
    return "routes:\n  - name: modern\n    upstream: {url: '"
        + upstream
        + "', protocol: '2026-07-28'}\n";
  }

  @Test
  void initialize_is_answered_from_server_discover_with_a_sealed_session() {
    HttpResponse<String> init =
        McpWire.send(McpWire.post(route, null, McpWire.initializeBody(1, ALL)));
    assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
    assertThat(init.headers().firstValue("Mcp-Session-Id"))
        .hasValueSatisfying(id -> assertThat(id).startsWith("gh1."));
    JsonNode result = json(McpWire.answer(init)).path("result");
    assertThat(result.path("protocolVersion").asString()).isEqualTo("2025-11-25");
    assertThat(result.path("serverInfo").path("name").asString())
        .isEqualTo("gatehouse-modern-fixture");
    assertThat(result.path("capabilities").path("tools").isObject()).isTrue();
    assertThat(result.path("capabilities").path("resources").path("subscribe").asBoolean())
        .isTrue();
  }

  @Test
  void tools_are_listed_and_called_with_progress_and_ping_is_answered() {
    McpWire.Session s = McpWire.session(route, ALL);
    String list = McpWire.answer(McpWire.send(McpWire.post(route, s.id(), list(2))));
    assertThat(list).contains("test_simple_text", "test_tool_with_progress");
    List<String> messages =
        McpWire.messages(
            McpWire.send(
                McpWire.post(
                    route,
                    s.id(),
                    "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":"
                        + "\"test_tool_with_progress\",\"arguments\":{},\"_meta\":"
                        + "{\"progressToken\":\"p1\"}}}")));
    assertThat(messages.stream().filter(m -> m.contains("notifications/progress")).count())
        .as("%s", messages)
        .isEqualTo(3);
    JsonNode answer = json(messages.getLast());
    assertThat(answer.path("id").asInt()).isEqualTo(3);
    assertThat(answer.path("result").path("content").get(0).path("text").asString())
        .isEqualTo("Progress test completed");
    String ping =
        McpWire.answer(
            McpWire.send(
                McpWire.post(route, s.id(), "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\"}")));
    assertThat(json(ping).path("result").isObject()).isTrue();
  }

  @Test
  void an_input_required_elicitation_is_asked_of_the_client_and_the_retry_carries_its_answer()
      throws Exception {
    McpWire.Session s = McpWire.session(route, ALL);
    Iterator<String> stream = s.stream(call(5, "test_input_required_result_elicitation"));
    JsonNode asked = json(stream.next());
    assertThat(asked.path("method").asString()).isEqualTo("elicitation/create");
    assertThat(asked.path("params").path("message").asString()).isEqualTo("What is your name?");
    assertThat(s.send(answer(asked, "{\"action\":\"accept\",\"content\":{\"name\":\"Ada\"}}")))
        .isEqualTo(202);
    JsonNode result = json(stream.next());
    assertThat(result.path("id").asInt()).isEqualTo(5);
    assertThat(result.path("result").path("content").get(0).path("text").asString())
        .isEqualTo("Hello, Ada!");
  }

  @Test
  void an_input_required_sampling_is_asked_of_the_client_and_the_retry_carries_its_answer()
      throws Exception {
    McpWire.Session s = McpWire.session(route, ALL);
    Iterator<String> stream = s.stream(call(6, "test_input_required_result_sampling"));
    JsonNode asked = json(stream.next());
    assertThat(asked.path("method").asString()).isEqualTo("sampling/createMessage");
    assertThat(
            s.send(
                answer(
                    asked,
                    "{\"role\":\"assistant\",\"content\":{\"type\":\"text\",\"text\":\"Paris\"},"
                        + "\"model\":\"m\"}")))
        .isEqualTo(202);
    JsonNode result = json(stream.next());
    assertThat(result.path("result").path("content").get(0).path("text").asString())
        .isEqualTo("The model said: Paris");
  }

  /**
   * The fixture's SDK checks the capabilities in {@code _meta} itself before it asks anything, so a
   * client without sampling gets the upstream's {@code -32021} as it is; the gateway's own check,
   * for upstreams that ask anyway, is {@code ReverseCapabilitiesTest}.
   */
  @Test
  void the_upstreams_own_2026_error_reaches_the_client_unchanged() {
    McpWire.Session s = McpWire.session(route, "{\"elicitation\":{}}");
    JsonNode answer =
        json(
            McpWire.answer(
                McpWire.send(
                    McpWire.post(route, s.id(), call(11, "test_input_required_result_sampling")))));
    assertThat(answer.path("id").asInt()).isEqualTo(11);
    assertThat(answer.path("error").path("code").asInt()).as("%s", answer).isEqualTo(-32021);
  }

  @Test
  void the_get_stream_carries_list_changes_and_updates_of_subscribed_resources() throws Exception {
    McpWire.Session s = McpWire.session(route, ALL);
    String subscribed =
        McpWire.answer(
            McpWire.send(
                McpWire.post(
                    route,
                    s.id(),
                    "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"resources/subscribe\","
                        + "\"params\":{\"uri\":\"test://static-text\"}}")));
    assertThat(json(subscribed).path("result").isObject()).as(subscribed).isTrue();
    HttpResponse<java.io.InputStream> get = McpWire.stream(McpWire.get(route, s.id()));
    assertThat(get.statusCode()).isEqualTo(200);
    try (java.io.InputStream body = get.body()) {
      SseReader events = new SseReader(body);
      List<String> seen = new ArrayList<>();
      // The upstream's listen stream is open once the gateway has answered the GET; a change made
      // now reaches it.
      McpWire.send(McpWire.post(route, s.id(), call(9, "test_trigger_tool_change")));
      McpWire.send(McpWire.post(route, s.id(), call(10, "test_trigger_resource_update")));
      while (seen.stream().noneMatch(m -> m.contains("notifications/resources/updated"))) {
        var e = events.next();
        assertThat(e).as("the GET stream ended after %s", seen).isNotNull();
        if (e.hasData()) {
          seen.add(e.dataAsString());
        }
      }
      assertThat(seen).anyMatch(m -> m.contains("notifications/tools/list_changed"));
      assertThat(seen)
          .filteredOn(m -> m.contains("notifications/resources/updated"))
          .first()
          .satisfies(m -> assertThat(m).contains("test://static-text"));
      assertThat(seen).noneMatch(m -> m.contains("subscriptions/acknowledged"));
    }
  }

  private static String list(int id) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/list\",\"params\":{}}";
  }

  private static String call(int id, String tool) {
    return McpWire.toolCall(id, tool, "{}");
  }

  private static String answer(JsonNode request, String result) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + request.path("id") + ",\"result\":" + result + "}";
  }

  private static JsonNode json(String s) {
    return JSON.readTree(s);
  }
}
