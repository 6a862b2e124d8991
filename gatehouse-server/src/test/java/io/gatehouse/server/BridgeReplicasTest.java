package io.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.server.HostedReplicasTest.Replicas;
import io.gatehouse.testkit.ConformanceFixtureServer;
import io.gatehouse.testkit.McpWire;
import java.net.InetAddress;
import java.net.URI;
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
import tools.jackson.databind.node.ObjectNode;

/**
 * Three replicas sharing a store and a session key, with peer ports (decision 21), bridging a
 * 2026-07-28 client to a session-era upstream whose tool elicits before it acts: the MRTR retry
 * that comes in at another replica than the one holding the upstream call is forwarded there and
 * completes the call, which the upstream ran once; with the holding replica stopped, the retry gets
 * PENDING_CALL_GONE and nothing runs again.
 */
class BridgeReplicasTest {
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final String TOOL = "test_elicitation";
  static ConformanceFixtureServer fixture;

  @BeforeAll
  static void start() {
    fixture = ConformanceFixtureServer.start();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  private static Replicas replicas() throws Exception {
    return new Replicas(3, legacyRoute("legacy", fixture.url()));
  }

  /** A route to {@code upstream}, fixed to the session era, so 2026-07-28 callers are bridged. */
  static String legacyRoute(String name, URI upstream) {
    return "  - name: "
        + name
        + "\n    upstream: {url: '"
        + upstream
        + "', transport: streamable-http, protocol: '2025-11-25'}\n";
  }

  /**
   * A 2026-07-28 {@code tools/call} of the eliciting tool, as a retry when {@code state} is set.
   */
  static JsonNode call(URI route, int id, String state, ObjectNode answers) {
    return call(McpWire.HTTP, route, id, state, answers, Map.of());
  }

  /** As {@link #call(URI, int, String, ObjectNode)}, sent by {@code client} with {@code extra}. */
  static JsonNode call(
      HttpClient client,
      URI route,
      int id,
      String state,
      ObjectNode answers,
      Map<String, String> extra) {
    ObjectNode body = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id);
    body.put("method", "tools/call");
    ObjectNode params = body.putObject("params").put("name", TOOL);
    params.putObject("arguments").put("message", "who are you");
    ObjectNode meta = params.putObject("_meta");
    meta.put("io.modelcontextprotocol/protocolVersion", "2026-07-28");
    meta.putObject("io.modelcontextprotocol/clientCapabilities").putObject("elicitation");
    if (state != null) {
      params.put("requestState", state);
      params.set("inputResponses", answers);
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(route)
            .header("Content-Type", "application/json")
            .header("Accept", McpWire.ACCEPT)
            .header("MCP-Protocol-Version", "2026-07-28")
            .header("Mcp-Method", "tools/call")
            .header("Mcp-Name", TOOL)
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    extra.forEach(b::header);
    try {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(McpWire.answer(r));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The first POST: {@code input_required}, with one elicitation asked. */
  private static JsonNode asked(URI route) {
    JsonNode first = call(route, 1, null, null);
    assertThat(first.path("result").path("resultType").asString())
        .as(first.toString())
        .isEqualTo("input_required");
    return first.path("result");
  }

  private static ObjectNode accept(JsonNode inputRequired) {
    ObjectNode answers = JSON.createObjectNode();
    for (Map.Entry<String, JsonNode> e : inputRequired.path("inputRequests").properties()) {
      answers.set(
          e.getKey(),
          JSON.readTree(
              "{\"action\":\"accept\",\"content\":{\"username\":\"ann\",\"email\":\"a@x.io\"}}"));
    }
    return answers;
  }

  @Test
  void a_retry_at_another_replica_reaches_the_held_call_and_the_tool_runs_once() throws Exception {
    try (Replicas r = replicas()) {
      for (int[] hop : new int[][] {{0, 1}, {1, 2}, {2, 0}}) {
        int before = fixture.calls(TOOL);
        JsonNode asked = asked(r.route(hop[0], "legacy"));
        JsonNode done =
            call(
                r.route(hop[1], "legacy"), 2, asked.path("requestState").asString(), accept(asked));
        assertThat(done.path("id").asInt()).as(done.toString()).isEqualTo(2);
        assertThat(done.path("result").path("resultType").asString()).isEqualTo("complete");
        assertThat(done.path("result").path("content").get(0).path("text").asString())
            .contains("action=accept")
            .contains("ann");
        assertThat(fixture.calls(TOOL)).isEqualTo(before + 1);
      }
    }
  }

  @Test
  void the_holding_replica_judges_the_callers_address_not_the_forwarding_replicas()
      throws Exception {
    // the caller connects from 127.0.0.5; the replicas reach each other from 127.0.0.1
    HttpClient office =
        HttpClient.newBuilder()
            .localAddress(InetAddress.getByName("127.0.0.5"))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    try (Replicas r =
        new Replicas(
            2, legacyRoute("office", fixture.url()) + "    ip: {allow: [127.0.0.5/32]}\n")) {
      int before = fixture.calls(TOOL);
      JsonNode first = call(office, r.route(0, "office"), 1, null, null, Map.of());
      JsonNode asked = first.path("result");
      assertThat(asked.path("resultType").asString())
          .as(first.toString())
          .isEqualTo("input_required");

      // a caller naming another address itself is not believed: the forwarding replica names it
      JsonNode done =
          call(
              office,
              r.route(1, "office"),
              2,
              asked.path("requestState").asString(),
              accept(asked),
              Map.of("Gatehouse-Client-Address", "127.0.0.9"));
      assertThat(done.path("result").path("resultType").asString())
          .as(done.toString())
          .isEqualTo("complete");
      assertThat(fixture.calls(TOOL)).isEqualTo(before + 1);

      // and a caller outside the allow list is refused at the replica it reaches
      JsonNode outside = call(r.route(1, "office"), 3, null, null);
      assertThat(outside.path("error").path("data").path("key").asString())
          .as(outside.toString())
          .isEqualTo("IP_FORBIDDEN");
    }
  }

  @Test
  void a_retry_for_a_stopped_replica_is_pending_call_gone_and_nothing_runs_again()
      throws Exception {
    try (Replicas r = replicas()) {
      JsonNode asked = asked(r.route(0, "legacy"));
      int after = fixture.calls(TOOL);
      r.all.get(0).close();

      JsonNode gone =
          call(r.route(1, "legacy"), 2, asked.path("requestState").asString(), accept(asked));
      assertThat(gone.path("error").path("data").path("key").asString())
          .as(gone.toString())
          .isEqualTo("PENDING_CALL_GONE");
      assertThat(fixture.calls(TOOL)).isEqualTo(after);
    }
  }

  @Test
  void the_peer_port_starts_no_call_of_its_own() throws Exception {
    try (Replicas r = replicas()) {
      URI peer =
          URI.create("http://127.0.0.1:" + r.server(0).peerPort() + r.route(0, "legacy").getPath());
      int before = fixture.calls(TOOL);
      HttpResponse<String> noKey =
          McpWire.send(
              HttpRequest.newBuilder(peer)
                  .header("Content-Type", "application/json")
                  .header("MCP-Protocol-Version", "2026-07-28")
                  .POST(HttpRequest.BodyPublishers.ofString("{}")));
      assertThat(noKey.statusCode()).isEqualTo(403);
      assertThat(noKey.body()).contains("PEER_FORBIDDEN");

      // with the peer key, a call that is not a retry of one held here is refused, not run
      JsonNode fresh = callWithPeerKey(peer, r.sessionKey, "127.0.0.1");
      assertThat(fresh.path("error").path("data").path("key").asString())
          .as(fresh.toString())
          .isEqualTo("PENDING_CALL_GONE");
      // a forwarded request names its caller's address: without one, it is refused
      JsonNode nameless = callWithPeerKey(peer, r.sessionKey, null);
      assertThat(nameless.path("error").path("data").path("key").asString())
          .as(nameless.toString())
          .isEqualTo("INVALID_REQUEST");
      assertThat(nameless.path("error").path("message").asString())
          .contains("Gatehouse-Client-Address");
      assertThat(fixture.calls(TOOL)).isEqualTo(before);
    }
  }

  private static JsonNode callWithPeerKey(URI peer, byte[] sessionKey, String clientAddress) {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\""
            + TOOL
            + "\",\"arguments\":{\"message\":\"x\"},\"_meta\":{"
            + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{\"elicitation\":{}}}}}";
    HttpRequest.Builder b =
        HttpRequest.newBuilder(peer)
            .header("Content-Type", "application/json")
            .header("Accept", McpWire.ACCEPT)
            .header("MCP-Protocol-Version", "2026-07-28")
            .header("Mcp-Method", "tools/call")
            .header("Mcp-Name", TOOL)
            .header(
                io.gatehouse.cluster.PeerKey.HEADER,
                io.gatehouse.cluster.PeerKey.derive(sessionKey).secret().reveal())
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (clientAddress != null) {
      b.header("Gatehouse-Client-Address", clientAddress);
    }
    HttpResponse<String> r = McpWire.send(b);
    return JSON.readTree(McpWire.answer(r));
  }
}
