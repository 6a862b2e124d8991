package io.gatehouse.interop;

import io.gatehouse.server.testing.RunningGatehouse;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Any client reaches any server: the TypeScript SDK v1 client (session era) and the v2 client
 * pinned to 2026-07-28, each through one gateway to server-everything (2025-11-25 only) and to a
 * 2026-07-28-only server on the SDK v2 ({@code src/test/node/era-matrix-server.mjs}), over routes
 * that fix each upstream's era, and once more (E) over a route that leaves it to detection. One
 * test per pair and scenario ({@link EraPair}, {@link EraScenarios}); the whole matrix is printed
 * after the class.
 */
class EraMatrixInteropTest {
  private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(150);
  private static final Map<EraPair, InteropRun> RUNS = new EnumMap<>(EraPair.class);

  private static NodeTools tools;
  private static ServerEverything everything;
  private static ModernFixture modern;
  private static RunningGatehouse gateway;

  @BeforeAll
  static void start() {
    tools = NodeTools.require();
    everything = ServerEverything.start(tools, UpstreamMode.STREAMABLE_HTTP);
    modern = ModernFixture.start(tools, "era-matrix-server.mjs");
    gateway =
        RunningGatehouse.start(
            "routes:\n"
                + route(EraPair.Upstream.SERVER_EVERYTHING, everything.url())
                + route(EraPair.Upstream.SDK_V2_SERVER, modern.url())
                + route(EraPair.Upstream.SDK_V2_SERVER_AUTO, modern.url()));
  }

  private static String route(EraPair.Upstream upstream, URI url) {
    return "  - name: "
        + upstream.route
        + "\n    upstream: {url: '"
        + url
        + "', transport: streamable-http, protocol: '"
        + upstream.protocol
        + "'}\n";
  }

  @AfterAll
  static void printAndStop() {
    System.out.println(EraMatrixTable.render(RUNS));
    if (gateway != null) {
      gateway.close();
    }
    if (modern != null) {
      modern.close();
    }
    if (everything != null) {
      everything.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> a_sdk_v2_client_pinned_to_2026_07_28_through_the_stateless_proxy_to_v2() {
    return run(EraPair.A);
  }

  @TestFactory
  Stream<DynamicTest> b_sdk_v1_client_through_the_session_era_to_server_everything() {
    return run(EraPair.B);
  }

  @TestFactory
  Stream<DynamicTest> c_sdk_v2_client_pinned_to_2026_07_28_through_the_forward_bridge() {
    return run(EraPair.C);
  }

  @TestFactory
  Stream<DynamicTest> d_sdk_v1_client_through_the_reverse_bridge_to_a_2026_07_28_server() {
    return run(EraPair.D);
  }

  @TestFactory
  Stream<DynamicTest> e_sdk_v1_client_on_an_auto_route_to_a_2026_07_28_only_server() {
    return run(EraPair.E);
  }

  private static Stream<DynamicTest> run(EraPair pair) {
    List<String> command = new ArrayList<>();
    command.add(tools.node().toString());
    command.add(tools.nodeScript(pair.client.script).toString());
    command.add(gateway.route(pair.upstream.route).toString());
    command.add(pair.upstream.profile);
    command.add(pair.client.protocol);
    command.addAll(pair.scenarios);
    try (ChildProcess client = ChildProcess.start(pair.label(), command, Map.of())) {
      InteropRun run =
          InteropRun.ofScript(
              pair.label(),
              pair.scenarios,
              client,
              SCRIPT_TIMEOUT,
              everything.diagnostics() + modern.diagnostics());
      RUNS.put(pair, run);
      System.out.println(run.summary());
      return run.tests();
    }
  }
}
