package io.gatehouse.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatehouse.gateway.SessionSealer;
import io.gatehouse.server.testing.ServeProcess;
import io.gatehouse.testkit.ConformanceFixtureServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The forward bridge's MRTR across processes behind a real balancer: three {@code gatehouse serve}
 * JVMs sharing a SQLite store and a session key, each with a peer port (decision 21), behind
 * nginx's round-robin; the TypeScript SDK v2 client pinned to 2026-07-28 calls the session-era
 * fixture's eliciting tool through nginx. nginx's access log shows each call and its retry answered
 * by different replicas, and the replicas' own access logs show the holder continuing the retry
 * forwarded to it over the peer port; the fixture's counter shows the tool ran once per exchange.
 * With the holding replica stopped before the retry, the retry is {@code PENDING_CALL_GONE} and the
 * tool does not run again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BalancedBridgeInteropTest {
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final String TOOL = "test_elicitation";
  private static final int EXCHANGES = 5;
  private static final Duration CLIENT_WAIT = Duration.ofSeconds(60);

  static ConformanceFixtureServer fixture;
  static NodeTools tools;
  static Balanced cluster;

  /**
   * One cluster for both tests (three JVMs take a while to start); the one stopping a replica last.
   */
  @BeforeAll
  static void start() throws Exception {
    tools = NodeTools.require();
    fixture = ConformanceFixtureServer.start();
    cluster = new Balanced(tools);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  @Order(1)
  void each_retry_lands_on_another_replica_reaches_the_held_call_and_the_tool_runs_once() {
    int before = fixture.calls(TOOL);
    Map<String, Integer> expected = new HashMap<>();
    for (String address : cluster.addresses()) {
      expected.put(address, toolCalls(cluster.at(address)).size());
    }
    try (ChildProcess client = client("round-robin", EXCHANGES, false)) {
      for (int i = 1; i <= EXCHANGES; i++) {
        JsonNode done = exchange(client, i);
        assertThat(done.path("isError").asBoolean()).as(done.toString()).isFalse();
        assertThat(done.path("text").asString())
            .as(done.toString())
            .contains("action=accept")
            .contains("user-" + i + "@example.com");
      }
      // every exchange completed, so each ran the tool at least once: in all, exactly once each
      assertThat(fixture.calls(TOOL)).isEqualTo(before + EXCHANGES);

      for (int i = 1; i <= EXCHANGES; i++) {
        List<Nginx.Served> calls = cluster.callsOf("round-robin " + i, 2);
        assertThat(calls.get(0).body()).doesNotContain("requestState");
        assertThat(calls.get(1).body()).contains("requestState", "inputResponses");
        String holder = calls.get(0).replica();
        String retriedAt = calls.get(1).replica();
        assertThat(cluster.addresses()).contains(holder, retriedAt);
        assertThat(retriedAt).as("exchange %d: the retry's replica", i).isNotEqualTo(holder);
        assertThat(calls).allSatisfy(c -> assertThat(c.status()).isEqualTo(200));
        // the holder logs the call and the retry forwarded to it; the other replica the retry
        expected.merge(holder, 2, Integer::sum);
        expected.merge(retriedAt, 1, Integer::sum);
      }
      for (String address : cluster.addresses()) {
        ServeProcess replica = cluster.at(address);
        await("replica " + address + " logged " + expected.get(address) + " calls")
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () ->
                    assertThat(toolCalls(replica))
                        .as(replica.log())
                        .hasSize(expected.get(address))
                        .allSatisfy(line -> assertThat(line).contains("status=200 outcome=ok")));
      }
    }
  }

  @Test
  @Order(2)
  void a_retry_after_the_holding_replica_stopped_is_pending_call_gone_and_nothing_runs_again() {
    try (ChildProcess client = client("stopped-holder", 1, true)) {
      client.awaitLine(Pattern.compile("\\{\"asked\":1}"), CLIENT_WAIT);
      int after = fixture.calls(TOOL);
      String holder = cluster.callsOf("stopped-holder 1", 1).getFirst().replica();
      cluster.stop(holder);
      client.writeLine("retry");

      JsonNode gone = exchange(client, 1);
      assertThat(gone.path("error").path("data").path("key").asString())
          .as(gone.toString())
          .isEqualTo("PENDING_CALL_GONE");
      assertThat(fixture.calls(TOOL)).isEqualTo(after);
      Nginx.Served retry = cluster.callsOf("stopped-holder 1", 2).get(1);
      assertThat(retry.body()).contains("requestState");
      assertThat(retry.replica()).isNotEqualTo(holder);
      ServeProcess retriedAt = cluster.at(retry.replica());
      await("the retry's replica logged it")
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(toolCalls(retriedAt))
                      .as(retriedAt.log())
                      .anySatisfy(line -> assertThat(line).contains("outcome=PENDING_CALL_GONE")));
    }
  }

  /** The SDK client's script; its calls' {@code message} is {@code "<label> <exchange>"}. */
  private static ChildProcess client(String label, int exchanges, boolean pause) {
    List<String> command =
        new ArrayList<>(
            List.of(
                tools.node().toString(),
                tools.nodeScript("balanced-mrtr-client.mjs").toString(),
                cluster.nginx.url() + "/mcp/legacy",
                TOOL,
                label,
                Integer.toString(exchanges)));
    if (pause) {
      command.add("--pause");
    }
    return ChildProcess.start("balanced-mrtr-client", command, Map.of());
  }

  /** A replica's access log lines for {@code tools/call}. */
  private static List<String> toolCalls(ServeProcess replica) {
    return replica.accessLog().stream().filter(l -> l.contains(" method=tools/call ")).toList();
  }

  private static JsonNode exchange(ChildProcess client, int i) {
    return JSON.readTree(
        client.awaitLine(Pattern.compile("\\{\"exchange\":" + i + ",.*"), CLIENT_WAIT).group());
  }

  /**
   * Three {@code gatehouse serve} processes on one SQLite store and session key, each with a peer
   * port, serving a route to the fixture fixed to 2025-11-25, behind nginx.
   */
  private static final class Balanced implements AutoCloseable {
    final List<ServeProcess> replicas = new ArrayList<>();
    final Nginx nginx;

    Balanced(NodeTools tools) throws Exception {
      Path binary = Nginx.require();
      Path dir = Files.createTempDirectory(mkdirs(tools.workDir("balanced-bridge")), "run");
      String yaml =
          "storage: {url: 'jdbc:sqlite:"
              + dir.resolve("store.db")
              + "'}\nsessions: {key: '"
              + Base64.getEncoder().encodeToString(SessionSealer.generateKey())
              + "'}\ncluster: {peer-listen: '127.0.0.1:0'}\nroutes:\n"
              + "  - name: legacy\n    upstream: {url: '"
              + fixture.url()
              + "', transport: streamable-http, protocol: '2025-11-25'}\n";
      try {
        for (int i = 0; i < 3; i++) {
          replicas.add(ServeProcess.start(mkdirs(dir.resolve("replica-" + i)), yaml));
        }
        List<URI> bases = replicas.stream().map(ServeProcess::awaitListening).toList();
        nginx = Nginx.balance(binary, dir.resolve("nginx"), bases);
      } catch (Exception | Error e) {
        replicas.forEach(ServeProcess::close);
        throw e;
      }
    }

    /** {@code 127.0.0.1:PORT} of each replica, as nginx names them. */
    List<String> addresses() {
      return replicas.stream().map(r -> r.url().getAuthority()).toList();
    }

    ServeProcess at(String address) {
      return replicas.stream()
          .filter(r -> r.url().getAuthority().equals(address))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no replica at " + address));
    }

    void stop(String address) {
      at(address).close();
    }

    /** Waits for {@code n} {@code tools/call} requests with {@code message} in nginx's log. */
    List<Nginx.Served> callsOf(String message, int n) {
      String marker = "\"message\":\"" + message + "\"";
      List<List<Nginx.Served>> found = new ArrayList<>();
      await(message + ": " + n + " tools/call in nginx's log")
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                List<Nginx.Served> calls =
                    nginx.served().stream()
                        .filter(s -> s.mcpMethod().equals("tools/call"))
                        .filter(s -> s.body().contains(marker))
                        .toList();
                found.add(calls);
                return calls.size() >= n;
              });
      List<Nginx.Served> calls = found.getLast();
      assertThat(calls).as("%s in nginx's log", message).hasSize(n);
      return calls;
    }

    @Override
    public void close() {
      nginx.close();
      replicas.forEach(ServeProcess::close);
    }

    private static Path mkdirs(Path dir) throws java.io.IOException {
      return Files.createDirectories(dir);
    }
  }
}
