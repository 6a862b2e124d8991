package io.gatehouse.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.gateway.SessionSealer;
import io.gatehouse.server.testing.RunningGatehouse;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The TypeScript SDK client's scenarios against server-everything run over stdio with a process per
 * session, through three Gatehouse replicas behind a round-robin balancer with no sticky sessions:
 * every request, sampling and elicitation answers included, may land on any replica, and the
 * replicas forward it to the one that runs the session's process (decision 21).
 */
class StdioReplicasInteropTest {
  private static final String ROUTE = "everything";
  private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(180);

  @TestFactory
  Stream<DynamicTest> ts_sdk_client_through_three_replicas_a_process_a_session() throws Exception {
    return run("session");
  }

  /** Each replica runs its own shared process; a session's requests go to its replica's. */
  @TestFactory
  Stream<DynamicTest> ts_sdk_client_through_three_replicas_a_shared_process_each()
      throws Exception {
    return run("shared");
  }

  /** The MCP Java SDK client's scenarios the same way, a process per session. */
  @TestFactory
  Stream<DynamicTest> java_sdk_client_through_three_replicas_a_process_a_session()
      throws Exception {
    NodeTools tools = NodeTools.require();
    try (Balanced cluster = new Balanced(tools, "session");
        JavaSdkSession session =
            new JavaSdkSession(
                JavaClientTransport.STREAMABLE_HTTP, cluster.balancer.url(), ROUTE)) {
      InteropRun run =
          new InteropRun(
              JavaClientTransport.STREAMABLE_HTTP.label() + "/stdio-session-3-replicas",
              JavaSdkScenarios.runAll(session));
      System.out.println(run.summary() + " requests per replica: " + cluster.balancer.served());
      cluster.assertSpread();
      return run.tests();
    }
  }

  private static Stream<DynamicTest> run(String isolation) throws Exception {
    NodeTools tools = NodeTools.require();
    String label = "ts-sdk-streamable/stdio-" + isolation + "-3-replicas";
    try (Balanced cluster = new Balanced(tools, isolation);
        ChildProcess script =
            ChildProcess.start(
                label,
                List.of(
                    tools.node().toString(),
                    tools.nodeScript("ts-sdk-interop.mjs").toString(),
                    "streamable",
                    cluster.balancer.url() + "/mcp/" + ROUTE),
                Map.of())) {
      InteropRun run = InteropRun.ofScript(label, InteropScenarios.ALL, script, SCRIPT_TIMEOUT, "");
      System.out.println(run.summary() + " requests per replica: " + cluster.balancer.served());
      cluster.assertSpread();
      return run.tests();
    }
  }

  /**
   * Three replicas on one SQLite store and session key, each with a peer port, serving the route to
   * server-everything over stdio, behind a round-robin balancer.
   */
  private static final class Balanced implements AutoCloseable {
    final List<RunningGatehouse> replicas = new ArrayList<>();
    final RoundRobinProxy balancer;

    Balanced(NodeTools tools, String isolation) throws Exception {
      Path shared = Files.createTempDirectory("gatehouse-cluster");
      String yaml =
          "storage: {url: 'jdbc:sqlite:"
              + shared.resolve("store.db")
              + "'}\nsessions: {key: '"
              + Base64.getEncoder().encodeToString(SessionSealer.generateKey())
              + "'}\ncluster: {peer-listen: '127.0.0.1:0'}\nroutes:\n"
              + StdioHostingInteropTest.stdioRoute(tools, ROUTE, isolation);
      try {
        List<URI> bases = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          RunningGatehouse g =
              RunningGatehouse.start(Files.createTempDirectory("gatehouse-replica"), yaml);
          replicas.add(g);
          bases.add(g.server().url());
        }
        balancer = RoundRobinProxy.start(bases);
      } catch (Exception | Error e) {
        replicas.forEach(RunningGatehouse::close);
        throw e;
      }
    }

    /** The balancer spread the session's requests over every replica. */
    void assertSpread() {
      assertThat(balancer.served()).allSatisfy(n -> assertThat(n).isGreaterThan(2));
    }

    @Override
    public void close() {
      balancer.close();
      replicas.forEach(RunningGatehouse::close);
    }
  }
}
