package io.gatehouse.server;

import static io.gatehouse.server.StdioHostingTest.probes;
import static io.gatehouse.server.StdioHostingTest.stdioRoute;
import static io.gatehouse.server.StdioHostingTest.structured;
import static io.gatehouse.testkit.McpWire.post;
import static io.gatehouse.testkit.McpWire.send;
import static io.gatehouse.testkit.McpWire.toolCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.cluster.PeerKey;
import io.gatehouse.gateway.SessionSealer;
import io.gatehouse.hosting.StdioHosting;
import io.gatehouse.protocol.sse.SseEvent;
import io.gatehouse.protocol.sse.SseReader;
import io.gatehouse.server.testing.RunningGatehouse;
import io.gatehouse.testkit.McpWire;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Three Gatehouse replicas in one JVM sharing one store (an SQLite file) and one session key, each
 * with a peer port (decision 21): a hosted session's process lives on the replica that initialized
 * it, and the others forward its requests there, streams included.
 */
class HostedReplicasTest {
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** Replicas that share a store and a session key, started one after another. */
  static final class Replicas implements AutoCloseable {
    final List<RunningGatehouse> all = new ArrayList<>();
    final byte[] sessionKey = SessionSealer.generateKey();

    Replicas(int n, String routes) throws IOException {
      Path shared = Files.createTempDirectory("gatehouse-cluster");
      String yaml =
          "storage: {url: 'jdbc:sqlite:"
              + shared.resolve("store.db")
              + "'}\nsessions: {key: '"
              + Base64.getEncoder().encodeToString(sessionKey)
              + "'}\ncluster: {peer-listen: '127.0.0.1:0'}\nroutes:\n"
              + routes;
      try {
        for (int i = 0; i < n; i++) {
          all.add(RunningGatehouse.start(Files.createTempDirectory("gatehouse-replica"), yaml));
        }
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }

    URI route(int replica, String name) {
      return all.get(replica).route(name);
    }

    GatehouseServer server(int replica) {
      return all.get(replica).server();
    }

    @Override
    public void close() {
      all.forEach(RunningGatehouse::close);
    }
  }

  @Test
  void a_session_opened_on_one_replica_is_served_by_its_one_process_from_every_replica()
      throws Exception {
    Set<Long> before = probes();
    try (Replicas r = new Replicas(3, stdioRoute("probe", ""))) {
      String session = McpWire.open(r.route(0, "probe"));
      Set<Long> pids = new HashSet<>();
      List<Integer> counts = new ArrayList<>();
      for (int replica : new int[] {0, 1, 2, 1, 2}) {
        JsonNode got =
            structured(send(post(r.route(replica, "probe"), session, toolCall(2, "count", "{}"))));
        pids.add(got.path("pid").asLong());
        counts.add(got.path("count").asInt());
      }
      // one process kept the count, whichever replica the call came in at
      assertThat(counts).containsExactly(1, 2, 3, 4, 5);
      assertThat(pids).hasSize(1);
      Set<Long> running = probes();
      running.removeAll(before);
      assertThat(running).isEqualTo(pids);
      assertThat(r.server(0).hosting().sessions("probe")).isEqualTo(1);
      assertThat(r.server(1).hosting().sessions("probe")).isZero();
      assertThat(r.server(2).hosting().sessions("probe")).isZero();

      // the session's GET stream, opened at another replica, comes from the owner's bridge
      HttpResponse<InputStream> stream = McpWire.stream(McpWire.get(r.route(1, "probe"), session));
      assertThat(stream.statusCode()).isEqualTo(200);
      assertThat(stream.headers().firstValue("Content-Type").orElse("")).contains("event-stream");
      stream.body().close();

      // DELETE at another replica ends the session and its process on the owner
      HttpResponse<String> deleted =
          send(
              HttpRequest.newBuilder(r.route(2, "probe"))
                  .header("Mcp-Session-Id", session)
                  .header("MCP-Protocol-Version", McpWire.VERSION)
                  .DELETE());
      assertThat(deleted.statusCode()).as(deleted.body()).isLessThan(300);
      await().atMost(WAIT).until(() -> r.server(0).hosting().sessions("probe") == 0);
      long pid = pids.iterator().next();
      await().atMost(WAIT).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    }
  }

  @Test
  void a_streamed_answer_is_relayed_as_it_arrives_through_another_replica() throws Exception {
    try (Replicas r = new Replicas(3, stdioRoute("probe", ""))) {
      String session = McpWire.open(r.route(0, "probe"));
      HttpResponse<InputStream> held =
          McpWire.stream(
              post(
                  r.route(1, "probe"),
                  session,
                  "{\"jsonrpc\":\"2.0\",\"id\":\"h1\",\"method\":\"tools/call\",\"params\":"
                      + "{\"name\":\"hold\",\"arguments\":{},\"_meta\":{\"progressToken\":7}}}"));
      assertThat(held.headers().firstValue("Content-Type").orElse("")).contains("event-stream");
      try (InputStream in = held.body()) {
        SseReader events = new SseReader(in);
        // the progress arrives while the call is still held: nothing on the way buffers the stream
        JsonNode progress = nextMessage(events);
        assertThat(progress.path("method").asString()).isEqualTo("notifications/progress");
        assertThat(progress.path("params").path("progressToken").asInt()).isEqualTo(7);

        JsonNode released =
            structured(send(post(r.route(2, "probe"), session, toolCall(3, "release", "{}"))));
        JsonNode answer = nextMessage(events);
        assertThat(answer.path("id").asString()).isEqualTo("h1");
        assertThat(answer.path("result").path("structuredContent").path("pid").asLong())
            .isEqualTo(released.path("pid").asLong());
      }
    }
  }

  @Test
  void shared_processes_run_per_replica_and_their_sessions_are_forwarded_too() throws Exception {
    Set<Long> before = probes();
    try (Replicas r = new Replicas(2, stdioRoute("probe", "      isolation: shared\n"))) {
      String onFirst = McpWire.open(r.route(0, "probe"));
      String onSecond = McpWire.open(r.route(1, "probe"));
      long first = pid(r.route(0, "probe"), onFirst);
      long second = pid(r.route(1, "probe"), onSecond);
      assertThat(first).isNotEqualTo(second);
      // each session's calls reach its own replica's process, wherever they come in
      assertThat(pid(r.route(1, "probe"), onFirst)).isEqualTo(first);
      assertThat(pid(r.route(0, "probe"), onSecond)).isEqualTo(second);
      Set<Long> running = probes();
      running.removeAll(before);
      assertThat(running).containsExactlyInAnyOrder(first, second);
    }
  }

  @Test
  void a_stopped_owner_answers_replica_gone_and_a_new_session_starts_on_a_live_replica()
      throws Exception {
    try (Replicas r = new Replicas(2, stdioRoute("probe", ""))) {
      String session = McpWire.open(r.route(0, "probe"));
      long pid = pid(r.route(1, "probe"), session);
      r.all.get(0).close();
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();

      HttpResponse<String> gone =
          send(post(r.route(1, "probe"), session, toolCall(4, "whoami", "{}")));
      // 404: the client starts a new session (MCP 2025-11-25, transports: session management)
      assertThat(gone.statusCode()).as(gone.body()).isEqualTo(404);
      assertThat(gone.body()).contains("SESSION_EXPIRED").contains("REPLICA_GONE");
      HttpResponse<InputStream> stream = McpWire.stream(McpWire.get(r.route(1, "probe"), session));
      stream.body().close();
      assertThat(stream.statusCode()).isEqualTo(404);

      String fresh = McpWire.open(r.route(1, "probe"));
      assertThat(pid(r.route(1, "probe"), fresh)).isNotEqualTo(pid);
    }
  }

  @Test
  void the_peer_port_serves_only_callers_with_the_deployments_peer_key() throws Exception {
    try (Replicas r = new Replicas(1, stdioRoute("probe", ""))) {
      URI peer =
          URI.create(
              "http://127.0.0.1:" + r.server(0).peerPort() + StdioHosting.PREFIX + "probe/mcp");
      String body = toolCall(2, "whoami", "{}");
      String otherDeployment = peerKeyValue(SessionSealer.generateKey());
      HttpResponse<String> none = send(post(peer, "nobody.here", body));
      HttpResponse<String> wrong =
          send(post(peer, "nobody.here", body).header(PeerKey.HEADER, otherDeployment));
      for (HttpResponse<String> refused : List.of(none, wrong)) {
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("PEER_FORBIDDEN").doesNotContain("probe");
      }
      // the hosted key of the main edge does not open the peer port either
      HttpResponse<String> hostedKey =
          send(
              post(peer, "nobody.here", body)
                  .header(
                      StdioHosting.KEY_HEADER,
                      r.server(0).hosting().headers().get(StdioHosting.KEY_HEADER)));
      assertThat(hostedKey.statusCode()).isEqualTo(403);
      // and the peer key does not open the main edge's hosted endpoint
      String key = peerKeyValue(r.sessionKey);
      HttpResponse<String> onEdge =
          send(
              post(r.all.get(0).url(StdioHosting.PREFIX + "probe/mcp"), null, body)
                  .header(PeerKey.HEADER, key));
      assertThat(onEdge.statusCode()).isEqualTo(403);
      assertThat(onEdge.body()).contains("HOSTED_FORBIDDEN");
      // with the key, a replica asks about a session: this one does not hold it
      HttpResponse<String> peerAsks =
          send(post(peer, r.server(0).replicaId() + ".unknown", body).header(PeerKey.HEADER, key));
      assertThat(peerAsks.statusCode()).as(peerAsks.body()).isEqualTo(404);
      assertThat(peerAsks.body()).contains("HOSTED_SESSION_NOT_FOUND");
      // and even the peer key never opens a session (nor starts a process): those start where the
      // client's request arrived, behind the route's authentication
      String init = McpWire.initializeBody(1);
      for (String claimed : java.util.Arrays.asList(null, r.server(0).replicaId() + ".mine")) {
        HttpResponse<String> opens = send(post(peer, claimed, init).header(PeerKey.HEADER, key));
        assertThat(opens.statusCode()).as(opens.body()).isEqualTo(404);
        assertThat(opens.body()).contains("HOSTED_SESSION_NOT_FOUND");
      }
    }
  }

  static String peerKeyValue(byte[] sessionKey) {
    return PeerKey.derive(sessionKey).secret().reveal();
  }

  private static long pid(URI route, String session) {
    return structured(send(post(route, session, toolCall(9, "whoami", "{}")))).path("pid").asLong();
  }

  /** The next message of the stream; fails after {@link #WAIT} rather than hang on a held one. */
  static JsonNode nextMessage(SseReader events) throws Exception {
    java.util.concurrent.Callable<JsonNode> read =
        () -> {
          for (SseEvent e = events.next(); e != null; e = events.next()) {
            if (e.hasData()) {
              return JSON.readTree(e.dataAsString());
            }
          }
          throw new AssertionError("the stream ended without a message");
        };
    java.util.concurrent.ExecutorService reader =
        java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
    try {
      return reader.submit(read).get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no message within " + WAIT + ": the stream is held back", e);
    } finally {
      reader.shutdownNow(); // closing the stream, in the test, ends a read still waiting
    }
  }
}
