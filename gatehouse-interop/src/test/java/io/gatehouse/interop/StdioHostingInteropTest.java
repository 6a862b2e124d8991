package io.gatehouse.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.server.testing.RunningGatehouse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The TypeScript SDK client ({@code src/test/node/ts-sdk-interop.mjs}) and the MCP Java SDK client,
 * over Streamable HTTP and legacy SSE, through the gateway to server-everything run by Gatehouse
 * itself over stdio ({@code upstream.transport: stdio}), with a process per session and with one
 * shared process. One test per scenario; the same scenarios as against server-everything's HTTP
 * modes.
 */
class StdioHostingInteropTest {
  private static final String ROUTE = "everything";
  private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);

  @TestFactory
  Stream<DynamicTest> streamable_http_client_to_server_everything_over_stdio_a_process_a_session() {
    return run("streamable", "", "session").tests();
  }

  @TestFactory
  Stream<DynamicTest> legacy_sse_client_to_server_everything_over_stdio_a_process_a_session() {
    return run("sse", "/sse", "session").tests();
  }

  @TestFactory
  Stream<DynamicTest> streamable_http_client_to_server_everything_over_stdio_one_shared_process() {
    return run("streamable", "", "shared").tests();
  }

  @TestFactory
  Stream<DynamicTest> java_sdk_streamable_http_client_to_server_everything_over_stdio() {
    return runJava(JavaClientTransport.STREAMABLE_HTTP).tests();
  }

  @TestFactory
  Stream<DynamicTest> java_sdk_legacy_sse_client_to_server_everything_over_stdio() {
    return runJava(JavaClientTransport.LEGACY_SSE).tests();
  }

  /** The MCP Java SDK client's scenarios, a process per session. */
  private static InteropRun runJava(JavaClientTransport client) {
    NodeTools tools = NodeTools.require();
    try (RunningGatehouse gateway =
            RunningGatehouse.start("routes:\n" + stdioRoute(tools, ROUTE, "session"));
        JavaSdkSession session = new JavaSdkSession(client, gateway, ROUTE)) {
      InteropRun run =
          new InteropRun(client.label() + "/stdio-session", JavaSdkScenarios.runAll(session));
      System.out.println(run.summary());
      return run;
    }
  }

  /**
   * The conformance suite's server scenarios against server-everything over its own Streamable
   * HTTP, and through a stdio route to it run over stdio: every scenario that passes direct passes
   * through stdio.
   */
  @Test
  void every_conformance_scenario_server_everything_passes_over_http_passes_over_stdio() {
    NodeTools tools = NodeTools.require();
    try (ServerEverything http = ServerEverything.start(tools, UpstreamMode.STREAMABLE_HTTP);
        RunningGatehouse gateway =
            // the suite opens a session per scenario and never ends one: room for all of them
            RunningGatehouse.start(
                "routes:\n" + stdioRoute(tools, ROUTE, "session") + "      max-processes: 100\n")) {
      ConformanceReport direct =
          new ConformanceRunner(tools, tools.workDir("everything-http"))
              .runSuiteWithRetry(http.url());
      ConformanceReport viaStdio =
          new ConformanceRunner(tools, tools.workDir("everything-stdio"))
              .runSuiteWithRetry(gateway.route(ROUTE));
      System.out.println(direct.summary("server-everything-http-direct"));
      System.out.println(viaStdio.summary("server-everything-stdio-through-gateway"));
      List<String> passingDirect = direct.passing();
      assertThat(passingDirect).as("direct run: %s", direct.failureDetails()).isNotEmpty();
      assertThat(viaStdio.passing())
          .as("through stdio: %s", viaStdio.failureDetails())
          .containsAll(passingDirect);
    }
  }

  /**
   * The conformance suite against the fixture over HTTP, and through a stdio route to the same
   * fixture run as a stdio server of the MCP Java SDK ({@code ConformanceFixtureStdio}, a JVM per
   * session): every scenario that passes direct passes through stdio.
   */
  @Test
  void every_conformance_scenario_the_fixture_passes_over_http_passes_through_its_stdio_server() {
    NodeTools tools = NodeTools.require();
    String javaBin =
        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String route =
        "  - name: fixture\n    upstream:\n      transport: stdio\n      command: '"
            + javaBin
            + "'\n      args: ['-cp', '"
            + System.getProperty("java.class.path")
            + "', io.gatehouse.testkit.ConformanceFixtureStdio]\n"
            + "      max-processes: 100\n";
    try (io.gatehouse.testkit.ConformanceFixtureServer fixture =
            io.gatehouse.testkit.ConformanceFixtureServer.start();
        RunningGatehouse gateway = RunningGatehouse.start("routes:\n" + route)) {
      ConformanceReport direct =
          new ConformanceRunner(tools, tools.workDir("fixture-http"))
              .runSuiteWithRetry(fixture.url());
      ConformanceReport viaStdio =
          new ConformanceRunner(tools, tools.workDir("fixture-stdio"))
              .runSuiteWithRetry(gateway.route("fixture"));
      System.out.println(direct.summary("fixture-http-direct"));
      System.out.println(viaStdio.summary("fixture-java-sdk-stdio-through-gateway"));
      List<String> passingDirect = direct.passing();
      assertThat(passingDirect).as("direct run: %s", direct.failureDetails()).hasSize(32);
      assertThat(viaStdio.passing())
          .as("through stdio: %s", viaStdio.failureDetails())
          .containsAll(passingDirect);
    }
  }

  /** A route running server-everything over stdio: the pinned Node and the package's bin. */
  static String stdioRoute(NodeTools tools, String name, String isolation) {
    return "  - name: "
        + name
        + "\n    upstream:\n      transport: stdio\n      command: '"
        + tools.node()
        + "'\n      args: ['"
        + tools.serverEverythingCli()
        + "', stdio]\n      isolation: "
        + isolation
        + "\n";
  }

  private static InteropRun run(String client, String path, String isolation) {
    NodeTools tools = NodeTools.require();
    String label = "ts-sdk-" + client + "/stdio-" + isolation;
    try (RunningGatehouse gateway =
            RunningGatehouse.start("routes:\n" + stdioRoute(tools, ROUTE, isolation));
        ChildProcess script =
            ChildProcess.start(
                label,
                List.of(
                    tools.node().toString(),
                    tools.nodeScript("ts-sdk-interop.mjs").toString(),
                    client,
                    gateway.route(ROUTE) + path),
                Map.of())) {
      InteropRun run = InteropRun.ofScript(label, InteropScenarios.ALL, script, SCRIPT_TIMEOUT, "");
      System.out.println(run.summary());
      return run;
    }
  }
}
