package io.gatehouse.interop;

import io.gatehouse.server.testing.RunningGatehouse;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The MCP Java SDK client, over its Streamable HTTP and its legacy SSE transport, through the
 * gateway to server-everything over each of its transports; the route's transport is {@code auto},
 * so the gateway must detect each. One test per scenario.
 */
class JavaSdkInteropTest {
  private static final String ROUTE = "everything";

  @TestFactory
  Stream<DynamicTest>
      streamable_http_client_through_the_gateway_to_server_everything_over_streamable_http() {
    return run(JavaClientTransport.STREAMABLE_HTTP, UpstreamMode.STREAMABLE_HTTP).tests();
  }

  @TestFactory
  Stream<DynamicTest>
      streamable_http_client_through_the_gateway_to_server_everything_over_legacy_sse() {
    return run(JavaClientTransport.STREAMABLE_HTTP, UpstreamMode.SSE).tests();
  }

  @TestFactory
  Stream<DynamicTest>
      legacy_sse_client_through_the_gateway_to_server_everything_over_streamable_http() {
    return run(JavaClientTransport.LEGACY_SSE, UpstreamMode.STREAMABLE_HTTP).tests();
  }

  @TestFactory
  Stream<DynamicTest> legacy_sse_client_through_the_gateway_to_server_everything_over_legacy_sse() {
    return run(JavaClientTransport.LEGACY_SSE, UpstreamMode.SSE).tests();
  }

  private static InteropRun run(JavaClientTransport client, UpstreamMode mode) {
    NodeTools tools = NodeTools.require();
    try (ServerEverything upstream = ServerEverything.start(tools, mode);
        RunningGatehouse gateway =
            RunningGatehouse.start(
                "routes:\n" + RunningGatehouse.route(ROUTE, upstream.url(), "auto"));
        JavaSdkSession session = new JavaSdkSession(client, gateway, ROUTE)) {
      InteropRun run =
          new InteropRun(
              client.label() + "/" + mode.cliArgument(), JavaSdkScenarios.runAll(session));
      System.out.println(run.summary());
      return run;
    }
  }
}
