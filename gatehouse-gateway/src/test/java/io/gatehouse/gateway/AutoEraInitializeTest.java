package io.gatehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A session-era client's {@code initialize} on a {@code protocol: auto} route: sent to the upstream
 * as it came, so a server of both eras, or of the session era, serves the session itself (no
 * probe); a 2026-07-28-only upstream that refuses it is probed with {@code server/discover}, and
 * the session is served by the reverse bridge, as are later ones while that is known. A failure
 * forgets it; sessions already bridged stay bridged.
 */
class AutoEraInitializeTest {
  private ScriptedUpstream upstream;
  private GatewayUnderTest gatehouse;

  @AfterEach
  void stop() {
    if (gatehouse != null) {
      gatehouse.close();
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  private URI autoRouteTo(ScriptedUpstream up) {
    upstream = up;
    gatehouse =
        GatewayUnderTest.start(
            RouteDefinition.of(
                "r", UpstreamDefinition.of(up.url(), UpstreamTransport.STREAMABLE_HTTP)));
    return gatehouse.route("r");
  }

  @Test
  void a_modern_only_upstream_refusing_initialize_serves_the_session_through_the_reverse_bridge() {
    URI route = autoRouteTo(ScriptedUpstream.start(s -> s.modernOnly()));

    String session = McpWire.open(route);
    String answer = McpWire.answer(McpWire.send(McpWire.post(route, session, echo(2, "one"))));

    assertThat(answer).contains("Echo: one");
    assertThat(methods())
        .containsExactly("initialize", "server/discover", "server/discover", "tools/call");
    ScriptedUpstream.Recorded call = last("tools/call");
    assertThat(call.headers()).doesNotContainKey("mcp-session-id");
    assertThat(call.headers()).containsEntry("mcp-protocol-version", "2026-07-28");
    assertThat(call.body()).contains("io.modelcontextprotocol/clientCapabilities");

    // known now: the next session goes straight to the bridge, without an initialize upstream
    String second = McpWire.open(route);
    assertThat(McpWire.answer(McpWire.send(McpWire.post(route, second, echo(3, "two")))))
        .contains("Echo: two");
    assertThat(count("initialize")).isEqualTo(1);
  }

  @Test
  void a_dual_era_upstream_serves_session_era_clients_itself_even_once_known_to_speak_2026() {
    URI route = autoRouteTo(ScriptedUpstream.start(s -> s.stateless()));
    // a 2026-07-28 caller makes the gateway probe it: it speaks that era too
    HttpResponse<String> modern =
        McpWire.send(
            McpWire.modernCall(
                route, "echo", McpWire.modernToolCall(1, "echo", "{\"message\":\"m\"}", "{}", "")));
    assertThat(modern.body()).contains("Echo: m");
    assertThat(count("server/discover")).isEqualTo(1);

    String session = McpWire.open(route);
    String answer = McpWire.answer(McpWire.send(McpWire.post(route, session, echo(2, "direct"))));

    assertThat(answer).contains("Echo: direct");
    assertThat(count("initialize")).isEqualTo(1);
    assertThat(count("server/discover")).as("no probe on the session-era path").isEqualTo(1);
    assertThat(last("tools/call").headers()).containsEntry("mcp-session-id", "s-1");
  }

  @Test
  void a_session_era_upstream_gets_initialize_and_its_session_as_before_without_a_probe() {
    URI route = autoRouteTo(ScriptedUpstream.start(s -> {}));

    String session = McpWire.open(route);
    String answer = McpWire.answer(McpWire.send(McpWire.post(route, session, echo(2, "legacy"))));

    assertThat(answer).contains("Echo: legacy");
    assertThat(methods()).containsExactly("initialize", "notifications/initialized", "tools/call");
    assertThat(last("tools/call").headers()).containsEntry("mcp-session-id", "s-1");
  }

  @Test
  void a_failure_forgets_the_era_and_the_next_initialize_asks_the_upstream_again() {
    URI route = autoRouteTo(ScriptedUpstream.start(s -> s.modernOnly()));
    String bridged = McpWire.open(route);
    assertThat(count("initialize")).isEqualTo(1);

    upstream.stop();
    String failed = McpWire.answer(McpWire.send(McpWire.post(route, bridged, echo(2, "down"))));
    assertThat(failed).contains("\"error\"");
    upstream.restart();

    // the session bridged before stays bridged: its sealed id says so
    assertThat(McpWire.answer(McpWire.send(McpWire.post(route, bridged, echo(3, "back")))))
        .contains("Echo: back");
    assertThat(last("tools/call").headers()).doesNotContainKey("mcp-session-id");

    // the era was forgotten: initialize goes upstream again, is refused, and is bridged again
    String again = McpWire.open(route);
    assertThat(count("initialize")).isEqualTo(2);
    assertThat(McpWire.answer(McpWire.send(McpWire.post(route, again, echo(4, "again")))))
        .contains("Echo: again");
    assertThat(count("initialize")).isEqualTo(2);
  }

  private static String echo(int id, String message) {
    return McpWire.toolCall(id, "echo", "{\"message\":\"" + message + "\"}");
  }

  /** The JSON-RPC methods the upstream received, in order (POST bodies only). */
  private List<String> methods() {
    return upstream.requests().stream()
        .filter(r -> r.httpMethod().equals("POST"))
        .map(r -> method(r.body()))
        .toList();
  }

  private long count(String method) {
    return methods().stream().filter(method::equals).count();
  }

  private ScriptedUpstream.Recorded last(String method) {
    return upstream.requests().stream()
        .filter(r -> r.httpMethod().equals("POST") && method.equals(method(r.body())))
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("the upstream received no " + method));
  }

  private static String method(String body) {
    int at = body.indexOf("\"method\":\"");
    return at < 0 ? "" : body.substring(at + 10, body.indexOf('"', at + 10));
  }
}
