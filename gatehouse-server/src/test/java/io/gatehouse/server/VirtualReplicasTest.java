package io.gatehouse.server;

import static io.gatehouse.server.HostedReplicasTest.nextMessage;
import static io.gatehouse.server.HostedReplicasTest.peerKeyValue;
import static io.gatehouse.server.StdioHostingTest.stdioRoute;
import static io.gatehouse.server.VirtualRoutesTest.LIST;
import static io.gatehouse.server.VirtualRoutesTest.names;
import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.cluster.PeerKey;
import io.gatehouse.gateway.SessionSealer;
import io.gatehouse.hosting.virtual.SourceAccess;
import io.gatehouse.hosting.virtual.VirtualHosting;
import io.gatehouse.protocol.sse.SseReader;
import io.gatehouse.server.HostedReplicasTest.Replicas;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import io.gatehouse.testkit.ScriptedUpstream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A virtual route over an HTTP route and a stdio route, served by three replicas that share one
 * store and one session key (decisions 21 and 22): the composer session's source sessions live on
 * the replica that initialized it, and the others forward its requests there, with the caller still
 * sealed, so the same source sessions answer wherever the client's requests land.
 */
class VirtualReplicasTest {
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String AUTH = "    auth: [api-key]\n";

  /** {@code web} (a scripted HTTP server), {@code probe} (the stdio probe) and both composed. */
  private static String routes(URI web) {
    return RunningGatehouse.route("web", web, "streamable-http")
        + AUTH
        + stdioRoute("probe", "")
        + AUTH
        + "  - name: both\n"
        + AUTH
        + "    upstream:\n"
        + "      transport: virtual\n"
        + "      sources:\n"
        + "        - {route: web, prefix: w_}\n"
        + "        - {route: probe, prefix: p_, tools: [count, whoami, hold, release]}\n";
  }

  private static ScriptedUpstream web() {
    return ScriptedUpstream.start(
        s -> s.tool("hello", (call, out) -> out.result(ScriptedUpstream.text("hi"))));
  }

  private static HttpRequest.Builder as(HttpRequest.Builder b, String key) {
    return b.header("X-API-Key", key);
  }

  private static JsonNode rpc(URI route, String session, String key, String body) {
    HttpResponse<String> r = send(as(post(route, session, body), key));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(McpWire.answer(r));
  }

  private static JsonNode call(URI route, String session, String key, String tool) {
    JsonNode m = rpc(route, session, key, McpWire.toolCall(3, tool, "{}"));
    assertThat(m.has("result")).as(m.toString()).isTrue();
    return m.path("result");
  }

  /** A key for alice, made on the first replica, once every replica knows it (they poll). */
  private static String aliceKey(Replicas r) {
    String key = ApprovalsTest.key(r.all.get(0), "alice", "[]");
    for (RunningGatehouse g : r.all) {
      await()
          .atMost(WAIT)
          .until(
              () ->
                  send(as(post(g.route("web"), null, McpWire.initializeBody(1, "{}")), key))
                          .statusCode()
                      == 200);
    }
    return key;
  }

  private static long requests(ScriptedUpstream up, String method) {
    return up.requests().stream()
        .filter(r -> r.body() != null && r.body().contains("\"method\":\"" + method + "\""))
        .count();
  }

  @Test
  void a_virtual_session_opened_on_one_replica_keeps_its_source_sessions_from_every_replica()
      throws Exception {
    try (ScriptedUpstream up = web();
        Replicas r = new Replicas(3, routes(up.url()))) {
      String key = aliceKey(r);
      long initialized = requests(up, "initialize"); // each replica's check of the key
      String session = VirtualRoutesTest.open(r.route(0, "both"), key);

      // the lists come in at B and C and are answered by A's composer, as alice
      for (int replica : new int[] {1, 2}) {
        assertThat(names(rpc(r.route(replica, "both"), session, key, LIST), "tools"))
            .contains("w_hello", "p_count", "p_whoami")
            .doesNotContain("p_env", "p_crash");
      }
      // one stdio process kept the count, whichever replica the call came in at
      List<Integer> counts = new ArrayList<>();
      List<Long> pids = new ArrayList<>();
      for (int replica : new int[] {1, 2, 0, 1, 2}) {
        JsonNode got =
            call(r.route(replica, "both"), session, key, "p_count").path("structuredContent");
        counts.add(got.path("count").asInt());
        pids.add(got.path("pid").asLong());
      }
      assertThat(counts).containsExactly(1, 2, 3, 4, 5);
      assertThat(pids).containsOnly(pids.getFirst());
      assertThat(r.server(0).hosting().sessions("probe")).isEqualTo(1);
      assertThat(r.server(1).hosting().sessions("probe")).isZero();
      assertThat(r.server(2).hosting().sessions("probe")).isZero();

      // a call held at B streams its progress as it comes; the release, at C, reaches the same
      // process on A, and the held call's answer follows on B's stream
      HttpResponse<InputStream> held =
          McpWire.stream(
              as(
                  post(
                      r.route(1, "both"),
                      session,
                      "{\"jsonrpc\":\"2.0\",\"id\":\"h1\",\"method\":\"tools/call\",\"params\":"
                          + "{\"name\":\"p_hold\",\"arguments\":{},\"_meta\":{\"progressToken\":7}}}"),
                  key));
      assertThat(held.headers().firstValue("Content-Type").orElse("")).contains("event-stream");
      try (InputStream in = held.body()) {
        SseReader events = new SseReader(in);
        JsonNode progress = nextMessage(events);
        assertThat(progress.path("method").asString()).isEqualTo("notifications/progress");
        assertThat(progress.path("params").path("progressToken").asInt()).isEqualTo(7);
        call(r.route(2, "both"), session, key, "p_release");
        JsonNode answer = nextMessage(events);
        assertThat(answer.path("id").asString()).isEqualTo("h1");
        assertThat(answer.path("result").has("content")).as(answer.toString()).isTrue();
      }

      // the HTTP source: one session, opened once, however many replicas the calls came in at
      for (int replica : new int[] {1, 2}) {
        assertThat(call(r.route(replica, "both"), session, key, "w_hello").toString())
            .contains("hi");
      }
      assertThat(requests(up, "initialize")).isEqualTo(initialized + 1);
      List<String> sourceSessions =
          up.requests().stream()
              .filter(q -> q.body() != null && q.body().contains("tools/"))
              .map(q -> q.headers().get("mcp-session-id"))
              .distinct()
              .toList();
      assertThat(sourceSessions).hasSize(1);

      // the virtual session's GET stream, opened at B, relays the source's list_changed from A
      HttpResponse<InputStream> stream =
          McpWire.stream(as(McpWire.get(r.route(1, "both"), session), key));
      assertThat(stream.statusCode()).isEqualTo(200);
      try (InputStream in = stream.body()) {
        up.notifySessions("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}");
        JsonNode changed = nextMessage(new SseReader(in));
        assertThat(changed.path("method").asString()).isEqualTo("notifications/tools/list_changed");
      }

      // DELETE at C ends the source sessions on A
      HttpResponse<String> deleted =
          send(
              as(
                  HttpRequest.newBuilder(r.route(2, "both"))
                      .header("Mcp-Session-Id", session)
                      .header("MCP-Protocol-Version", McpWire.VERSION)
                      .DELETE(),
                  key));
      assertThat(deleted.statusCode()).as(deleted.body()).isLessThan(300);
      await().atMost(WAIT).until(() -> r.server(0).hosting().sessions("probe") == 0);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  up.requests().stream()
                      .anyMatch(
                          q ->
                              q.httpMethod().equals("DELETE")
                                  && sourceSessions.contains(q.headers().get("mcp-session-id"))));
    }
  }

  @Test
  void a_stopped_owner_answers_replica_gone_and_a_new_session_starts_on_a_live_replica()
      throws Exception {
    try (ScriptedUpstream up = web();
        Replicas r = new Replicas(2, routes(up.url()))) {
      String key = aliceKey(r);
      String session = VirtualRoutesTest.open(r.route(0, "both"), key);
      assertThat(call(r.route(1, "both"), session, key, "p_count").toString()).contains("count");
      r.all.get(0).close();

      HttpResponse<String> gone =
          send(as(post(r.route(1, "both"), session, McpWire.toolCall(4, "p_count", "{}")), key));
      // 404: the client starts a new session (MCP 2025-11-25, transports: session management)
      assertThat(gone.statusCode()).as(gone.body()).isEqualTo(404);
      assertThat(gone.body()).contains("SESSION_EXPIRED").contains("REPLICA_GONE");
      HttpResponse<InputStream> stream =
          McpWire.stream(as(McpWire.get(r.route(1, "both"), session), key));
      stream.body().close();
      assertThat(stream.statusCode()).isEqualTo(404);

      String fresh = VirtualRoutesTest.open(r.route(1, "both"), key);
      assertThat(
              call(r.route(1, "both"), fresh, key, "p_count")
                  .path("structuredContent")
                  .path("count")
                  .asInt())
          .isEqualTo(1);
    }
  }

  @Test
  void the_composer_on_the_peer_port_serves_only_peers_and_still_wants_the_sealed_caller()
      throws Exception {
    try (ScriptedUpstream up = web();
        Replicas r = new Replicas(1, routes(up.url()))) {
      URI peer =
          URI.create(
              "http://127.0.0.1:" + r.server(0).peerPort() + VirtualHosting.PREFIX + "both/mcp");
      String body = McpWire.initializeBody(1, "{}");
      String otherDeployment = peerKeyValue(SessionSealer.generateKey());
      HttpResponse<String> none = send(post(peer, null, body));
      HttpResponse<String> wrong =
          send(post(peer, null, body).header(PeerKey.HEADER, otherDeployment));
      for (HttpResponse<String> refused : List.of(none, wrong)) {
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("PEER_FORBIDDEN").doesNotContain("both");
      }
      String key = peerKeyValue(r.sessionKey);
      // the peer key does not open the main edge's composer
      HttpResponse<String> onEdge =
          send(
              post(r.all.get(0).url(VirtualHosting.PREFIX + "both/mcp"), null, body)
                  .header(PeerKey.HEADER, key));
      assertThat(onEdge.statusCode()).isEqualTo(403);
      assertThat(onEdge.body()).contains("VIRTUAL_FORBIDDEN");
      // with the peer key, no session is opened on the peer port: they start where clients are
      HttpResponse<String> opens = send(post(peer, null, body).header(PeerKey.HEADER, key));
      assertThat(opens.statusCode()).as(opens.body()).isEqualTo(404);
      assertThat(opens.body()).contains("VIRTUAL_SESSION_NOT_FOUND");
      // and a caller that is not sealed by this deployment does not open
      HttpResponse<String> forged =
          send(
              post(peer, r.server(0).replicaId() + ".held", LIST)
                  .header(PeerKey.HEADER, key)
                  .header(SourceAccess.CALLER_HEADER, "bm90IGEgc2VhbGVkIGNhbGxlcg"));
      assertThat(forged.statusCode()).as(forged.body()).isEqualTo(403);
      assertThat(forged.body()).contains("VIRTUAL_FORBIDDEN");
      // and a session of another replica is not this one's to serve, nor to forward again
      HttpResponse<String> elsewhere =
          send(post(peer, "someone.else", LIST).header(PeerKey.HEADER, key));
      assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(404);
      assertThat(elsewhere.body()).contains("VIRTUAL_SESSION_NOT_FOUND");
    }
  }
}
