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

  private static Stream<DynamicTest> run(String isolation) throws Exception {
    NodeTools tools = NodeTools.require();
    String label = "ts-sdk-streamable/stdio-" + isolation + "-3-replicas";
    Path shared = Files.createTempDirectory("gatehouse-cluster");
    String yaml =
        "storage: {url: 'jdbc:sqlite:"
            + shared.resolve("store.db")
            + "'}\nsessions: {key: '"
            + Base64.getEncoder().encodeToString(SessionSealer.generateKey())
            + "'}\ncluster: {peer-listen: '127.0.0.1:0'}\nroutes:\n"
            + StdioHostingInteropTest.stdioRoute(tools, ROUTE, isolation);
    List<RunningGatehouse> replicas = new ArrayList<>();
    try {
      List<URI> bases = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        RunningGatehouse g =
            RunningGatehouse.start(Files.createTempDirectory("gatehouse-replica"), yaml);
        replicas.add(g);
        bases.add(g.server().url());
      }
      try (RoundRobinProxy balancer = RoundRobinProxy.start(bases);
          ChildProcess script =
              ChildProcess.start(
                  label,
                  List.of(
                      tools.node().toString(),
                      tools.nodeScript("ts-sdk-interop.mjs").toString(),
                      "streamable",
                      balancer.url() + "/mcp/" + ROUTE),
                  Map.of())) {
        boolean finished = script.waitFor(SCRIPT_TIMEOUT);
        String whyMissing =
            (finished
                    ? "The script exited with " + script.exitCode()
                    : "The script was stopped after " + SCRIPT_TIMEOUT)
                + "."
                + script.diagnostics();
        InteropRun run =
            InteropRun.of(
                label,
                InteropScenarios.ALL,
                StdioHostingInteropTest.outcomes(script.stdout()),
                whyMissing);
        System.out.println(run.summary() + " requests per replica: " + balancer.served());
        // the balancer spread the session's requests over every replica
        assertThat(balancer.served()).allSatisfy(n -> assertThat(n).isGreaterThan(2));
        return run.tests();
      }
    } finally {
      replicas.forEach(RunningGatehouse::close);
    }
  }
}
