package io.gatehouse.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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
  private HttpServer answering;
  private final List<String> answered = new CopyOnWriteArrayList<>();
  private GatewayUnderTest gatehouse;

  @AfterEach
  void stop() {
    if (gatehouse != null) {
      gatehouse.close();
    }
    if (upstream != null) {
      upstream.close();
    }
    if (answering != null) {
      answering.stop(0);
    }
  }

  /** A route to {@code up} with both the era and the transport left to detection, the default. */
  private URI autoRouteTo(ScriptedUpstream up) {
    upstream = up;
    return autoRouteTo(up.url());
  }

  private URI autoRouteTo(URI url) {
    gatehouse =
        GatewayUnderTest.start(
            RouteDefinition.of("r", UpstreamDefinition.of(url, UpstreamTransport.AUTO)));
    return gatehouse.route("r");
  }

  /**
   * An upstream on a port of its own that answers {@code initialize} and {@code server/discover}
   * with what {@code answers} gives per method ({@code status}, {@code content type}, {@code
   * body}), and GET with 405; it records the methods it was sent in {@link #answered}.
   */
  private URI upstreamAnswering(Map<String, String[]> answers) throws IOException {
    answering = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    answering.createContext(
        "/mcp",
        exchange -> {
          try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
              exchange.sendResponseHeaders(405, -1);
              return;
            }
            String method = method(new String(exchange.getRequestBody().readAllBytes(), UTF_8));
            answered.add(method);
            String[] answer =
                answers.getOrDefault(method, new String[] {"404", "application/json", ""});
            byte[] body = answer[2].getBytes(UTF_8);
            exchange.getResponseHeaders().add("Content-Type", answer[1]);
            exchange.sendResponseHeaders(Integer.parseInt(answer[0]), body.length);
            exchange.getResponseBody().write(body);
          }
        });
    answering.start();
    return URI.create("http://127.0.0.1:" + answering.getAddress().getPort() + "/mcp");
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

  /** What a server that speaks 2026-07-28 answers {@code server/discover} with. */
  private static final String[] DISCOVERED = {
    "200",
    "application/json",
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"supportedVersions\":"
        + "[\"2026-07-28\"],\"capabilities\":{\"tools\":{}},\"_meta\":"
        + "{\"io.modelcontextprotocol/serverInfo\":{\"name\":\"refuser\","
        + "\"version\":\"1\"}}}}"
  };

  /**
   * A plain {@code -32602} is what any server answers a malformed {@code initialize} with, one of
   * both eras too (which would answer the probe as 2026-07-28): it reaches the client as it came,
   * with no probe and nothing kept, so one bad caller cannot move the route's session-era clients
   * onto the reverse bridge.
   */
  @Test
  void a_malformed_initialize_refused_with_a_plain_invalid_params_is_not_taken_for_the_era()
      throws Exception {
    URI route =
        autoRouteTo(
            upstreamAnswering(
                Map.of(
                    "initialize",
                    new String[] {
                      "400",
                      "application/json",
                      "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32602,"
                          + "\"message\":\"capabilities must be an object\"}}"
                    },
                    "server/discover",
                    DISCOVERED)));

    HttpResponse<String> init = McpWire.send(McpWire.post(route, null, McpWire.initializeBody(1)));

    assertThat(init.body()).contains("capabilities must be an object");
    assertThat(init.headers().firstValue("Mcp-Session-Id")).isEmpty();
    McpWire.send(McpWire.post(route, null, McpWire.initializeBody(2)));
    assertThat(answered).containsExactly("initialize", "initialize");
  }

  /**
   * A refusal naming the versions the server supports is about the era only when it names none of
   * the session era: one that names 2025-11-25 reaches the client as it came, with no probe; one
   * that names only 2026-07-28 is probed and bridged.
   */
  @Test
  void a_refusal_naming_supported_versions_counts_only_without_a_session_era_one()
      throws Exception {
    String refusal =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32602,"
            + "\"message\":\"Unsupported protocol version\",\"data\":{\"supported\":[%s]}}}";
    URI route =
        autoRouteTo(
            upstreamAnswering(
                Map.of(
                    "initialize",
                    new String[] {"400", "application/json", refusal.formatted("\"2025-11-25\"")},
                    "server/discover",
                    DISCOVERED)));
    HttpResponse<String> init = McpWire.send(McpWire.post(route, null, McpWire.initializeBody(1)));
    assertThat(init.body()).contains("Unsupported protocol version");
    assertThat(answered).containsExactly("initialize");
    answering.stop(0);
    gatehouse.close();
    answered.clear();

    route =
        autoRouteTo(
            upstreamAnswering(
                Map.of(
                    "initialize",
                    new String[] {"400", "application/json", refusal.formatted("\"2026-07-28\"")},
                    "server/discover",
                    DISCOVERED)));
    init = McpWire.send(McpWire.post(route, null, McpWire.initializeBody(1)));
    assertThat(init.headers().firstValue("Mcp-Session-Id")).isPresent();
    assertThat(McpWire.answer(init)).contains("\"name\":\"refuser\"");
    assertThat(answered).startsWith("initialize", "server/discover");
  }

  /** The refusal may come as the answer on an event stream; the bridge takes it over the same. */
  @Test
  void a_refusal_on_an_event_stream_is_taken_over_too() throws Exception {
    URI route =
        autoRouteTo(
            upstreamAnswering(
                Map.of(
                    "initialize",
                    new String[] {
                      "200",
                      "text/event-stream",
                      "data: {\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32601,"
                          + "\"message\":\"Method not found\"}}\n\n"
                    },
                    "server/discover",
                    DISCOVERED)));

    HttpResponse<String> init = McpWire.send(McpWire.post(route, null, McpWire.initializeBody(1)));

    assertThat(init.statusCode()).isEqualTo(200);
    assertThat(McpWire.answer(init)).contains("\"name\":\"refuser\"", "\"protocolVersion\"");
    assertThat(init.headers().firstValue("Mcp-Session-Id")).isPresent();
    assertThat(answered).containsExactly("initialize", "server/discover", "server/discover");
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
