package io.gatehouse.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.core.GatehouseException;
import io.gatehouse.http.ErrorShape;
import io.gatehouse.http.HttpEdge;
import io.gatehouse.http.HttpRequest;
import io.gatehouse.http.HttpResponse;
import io.gatehouse.http.HttpService;
import io.gatehouse.http.IoLoops;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Forwarding between two {@link Peers} of one deployment over a real peer port on port 0: what is
 * carried each way, streams relayed as they arrive, and what a gone or foreign replica gets.
 */
class PeersTest {
  private static final byte[] SESSION_KEY = new byte[32];
  private static final List<String> HEADERS = List.of("Mcp-Session-Id", "Content-Type");
  private static IoLoops loops;

  @BeforeAll
  static void start() {
    loops = IoLoops.start(1);
  }

  @AfterAll
  static void stop() {
    loops.close();
  }

  private static HttpRequest request(String method, String path, Map<String, String> headers) {
    return new HttpRequest(
        method,
        path,
        null,
        name ->
            headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .toList(),
        "{\"jsonrpc\":\"2.0\",\"id\":1}".getBytes(StandardCharsets.UTF_8),
        null);
  }

  /**
   * An owner replica "a" whose peer port serves {@code service}, and a replica "b" that finds it.
   */
  private static <T> T withOwner(HttpService service, Check<T> check) throws Exception {
    Peers a = new Peers("a", PeerKey.derive(SESSION_KEY), id -> null);
    HttpEdge edge =
        HttpEdge.builder(loops)
            .listen("127.0.0.1", 0)
            .mount("/_x/", a.guard(service), ErrorShape.REST, 1024 * 1024)
            .start();
    URI url = URI.create("http://127.0.0.1:" + edge.port());
    try (Peers b = new Peers("b", PeerKey.derive(SESSION_KEY), id -> id.equals("a") ? url : null)) {
      return check.run(b, url);
    } finally {
      edge.close();
      a.close();
    }
  }

  @FunctionalInterface
  private interface Check<T> {
    T run(Peers b, URI ownerUrl) throws Exception;
  }

  @Test
  void carries_method_path_body_and_the_named_headers_and_brings_the_answer_back()
      throws Exception {
    LinkedBlockingQueue<HttpRequest> seen = new LinkedBlockingQueue<>();
    HttpService owner =
        r -> {
          seen.add(r);
          return HttpResponse.json(201, "{\"ok\":true}").header("Mcp-Session-Id", "a.s2");
        };
    withOwner(
        owner,
        (b, url) -> {
          HttpResponse out =
              b.forward(
                  "a",
                  request(
                      "POST",
                      "/_x/route/mcp",
                      Map.of("Mcp-Session-Id", "a.s1", "X-Other", "not carried")),
                  HEADERS);
          HttpRequest got = seen.poll(10, TimeUnit.SECONDS);
          assertThat(got.path()).isEqualTo("/_x/route/mcp");
          assertThat(got.method()).isEqualTo("POST");
          assertThat(new String(got.body(), StandardCharsets.UTF_8)).contains("\"id\":1");
          assertThat(got.header("Mcp-Session-Id")).isEqualTo("a.s1");
          assertThat(got.header("X-Other")).isNull();
          assertThat(out.status()).isEqualTo(201);
          assertThat(new String(out.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
          assertThat(out.header("Mcp-Session-Id")).isEqualTo("a.s2");
          assertThat(
                  out.headers().stream().filter(h -> h.getKey().equalsIgnoreCase("Content-Type")))
              .hasSize(1);
          return null;
        });
  }

  @Test
  void an_event_stream_is_relayed_piece_by_piece_as_it_arrives() throws Exception {
    CountDownLatch firstRelayed = new CountDownLatch(1);
    HttpService owner =
        r ->
            HttpResponse.stream(
                200,
                "text/event-stream",
                out -> {
                  out.send("data: one\n\n".getBytes(StandardCharsets.UTF_8));
                  // the second piece waits until the first came out of the relay
                  if (!firstRelayed.await(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the first piece was never relayed");
                  }
                  out.send("data: two\n\n".getBytes(StandardCharsets.UTF_8));
                });
    withOwner(
        owner,
        (b, url) -> {
          HttpResponse out = b.forward("a", request("GET", "/_x/route/mcp", Map.of()), HEADERS);
          assertThat(out.header("Content-Type")).isEqualTo("text/event-stream");
          ByteArrayOutputStream got = new ByteArrayOutputStream();
          out.writer()
              .write(
                  chunk -> {
                    got.writeBytes(chunk);
                    if (got.toString(StandardCharsets.UTF_8).contains("one")) {
                      firstRelayed.countDown();
                    }
                  });
          assertThat(got.toString(StandardCharsets.UTF_8)).isEqualTo("data: one\n\ndata: two\n\n");
          return null;
        });
  }

  @Test
  void a_replica_missing_from_the_directory_or_not_answering_is_gone() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    URI nobody = URI.create("http://127.0.0.1:" + closedPort);
    try (Peers b =
        new Peers("b", PeerKey.derive(SESSION_KEY), id -> id.equals("dead") ? nobody : null)) {
      HttpRequest r = request("POST", "/_x/route/mcp", Map.of());
      assertThatThrownBy(() -> b.forward("gone", r, HEADERS))
          .isInstanceOfSatisfying(
              GatehouseException.class,
              e -> assertThat(e.error()).isEqualTo(ClusterErrors.REPLICA_GONE))
          .hasMessageContaining("replica 'gone'")
          .hasMessageNotContaining("127.0.0.1");
      assertThatThrownBy(() -> b.forward("dead", r, HEADERS))
          .isInstanceOfSatisfying(
              GatehouseException.class,
              e -> assertThat(e.error()).isEqualTo(ClusterErrors.REPLICA_GONE))
          .hasMessageContaining("does not answer")
          .hasMessageNotContaining(String.valueOf(closedPort));
    }
    // a replica without a peer port forwards nothing
    assertThat(Peers.alone().forwards()).isFalse();
    assertThat(new Peers("c", PeerKey.derive(SESSION_KEY), id -> null).forwards()).isTrue();
    assertThatThrownBy(() -> Peers.alone().forward("a", request("GET", "/", Map.of()), HEADERS))
        .isInstanceOfSatisfying(
            GatehouseException.class,
            e -> assertThat(e.error()).isEqualTo(ClusterErrors.REPLICA_GONE));
  }

  @Test
  void another_deployments_replica_is_refused_with_403() throws Exception {
    withOwner(
        r -> HttpResponse.json(200, "{}"),
        (b, url) -> {
          byte[] otherKey = new byte[32];
          otherKey[0] = 1;
          try (Peers foreign = new Peers("c", PeerKey.derive(otherKey), id -> url)) {
            HttpResponse out =
                foreign.forward("a", request("POST", "/_x/route/mcp", Map.of()), HEADERS);
            assertThat(out.status()).isEqualTo(403);
            assertThat(new String(out.body(), StandardCharsets.UTF_8)).contains("PEER_FORBIDDEN");
          }
          return null;
        });
  }

  @Test
  void tokens_name_their_replica() {
    Peers p = new Peers("r1", null, id -> null);
    assertThat(p.name("abc")).isEqualTo("r1.abc");
    assertThat(Peers.owner("r1.abc")).isEqualTo("r1");
    assertThat(Peers.owner("abc")).isNull();
    assertThat(Peers.owner(".abc")).isNull();
    assertThat(Peers.owner(null)).isNull();
    assertThat(p.isElsewhere("r1.abc")).isFalse();
    assertThat(p.isElsewhere("r2.abc")).isTrue();
    assertThat(p.isElsewhere("abc")).isFalse();
    assertThat(Peers.newReplicaId()).doesNotContain(".").hasSize(12);
    assertThatThrownBy(() -> new Peers("a.b", null, id -> null))
        .hasMessageContaining("expected: an id without '.'");
  }
}
