package io.gatehouse.interop;

import io.gatehouse.server.testing.RunningGatehouse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The TypeScript SDK client ({@code @modelcontextprotocol/sdk}, driven by {@code
 * src/test/node/ts-sdk-interop.mjs}), over its Streamable HTTP and its legacy SSE transport,
 * through the gateway to server-everything over each of its transports; the route's transport is
 * {@code auto}, so the gateway must detect each. One test per scenario.
 */
class TypeScriptSdkInteropTest {
  private static final String ROUTE = "everything";
  private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);

  /** The SDK's client transports: label, the script's argument, the endpoint below the route. */
  private enum Client {
    STREAMABLE_HTTP("ts-sdk", "streamable", ""),
    LEGACY_SSE("ts-sdk-legacy-sse", "sse", "/sse");

    final String label;
    final String argument;
    final String path;

    Client(String label, String argument, String path) {
      this.label = label;
      this.argument = argument;
      this.path = path;
    }
  }

  @TestFactory
  Stream<DynamicTest>
      streamable_http_client_through_the_gateway_to_server_everything_over_streamable_http() {
    return run(Client.STREAMABLE_HTTP, UpstreamMode.STREAMABLE_HTTP).tests();
  }

  @TestFactory
  Stream<DynamicTest>
      streamable_http_client_through_the_gateway_to_server_everything_over_legacy_sse() {
    return run(Client.STREAMABLE_HTTP, UpstreamMode.SSE).tests();
  }

  @TestFactory
  Stream<DynamicTest>
      legacy_sse_client_through_the_gateway_to_server_everything_over_streamable_http() {
    return run(Client.LEGACY_SSE, UpstreamMode.STREAMABLE_HTTP).tests();
  }

  @TestFactory
  Stream<DynamicTest> legacy_sse_client_through_the_gateway_to_server_everything_over_legacy_sse() {
    return run(Client.LEGACY_SSE, UpstreamMode.SSE).tests();
  }

  private static InteropRun run(Client kind, UpstreamMode mode) {
    NodeTools tools = NodeTools.require();
    String label = kind.label + "/" + mode.cliArgument();
    try (ServerEverything upstream = ServerEverything.start(tools, mode);
        RunningGatehouse gateway =
            RunningGatehouse.start(
                "routes:\n" + RunningGatehouse.route(ROUTE, upstream.url(), "auto"));
        ChildProcess client =
            ChildProcess.start(
                label,
                List.of(
                    tools.node().toString(),
                    tools.nodeScript("ts-sdk-interop.mjs").toString(),
                    kind.argument,
                    gateway.route(ROUTE) + kind.path),
                Map.of())) {
      InteropRun run =
          InteropRun.ofScript(
              label, InteropScenarios.ALL, client, SCRIPT_TIMEOUT, upstream.diagnostics());
      System.out.println(run.summary());
      return run;
    }
  }
}
