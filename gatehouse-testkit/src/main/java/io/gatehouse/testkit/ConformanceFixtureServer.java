package io.gatehouse.testkit;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The MCP server the official conformance suite ({@code @modelcontextprotocol/conformance} server
 * mode) expects: every fixture tool, resource and prompt it names, over Streamable HTTP on
 * 127.0.0.1, built with the official MCP Java SDK, so Gatehouse's tests run against a protocol
 * implementation its team did not write.
 *
 * <pre>{@code
 * try (ConformanceFixtureServer fixture = ConformanceFixtureServer.start()) {
 *     URI url = fixture.url();   // http://127.0.0.1:<port>/mcp
 * }
 * }</pre>
 *
 * <p>As the conformance fixture README asks, {@code test_dynamic_tool}, {@code
 * test://dynamic-resource} and {@code test_dynamic_prompt} appear about 2 s after start, and {@code
 * test://watched-resource} changes every 3 s.
 */
public final class ConformanceFixtureServer implements AutoCloseable {

  /** The path of the MCP endpoint. */
  public static final String MCP_PATH = "/mcp";

  private static final String LOOPBACK = "127.0.0.1";

  private final Server jetty;
  private final McpSyncServer mcp;
  private final FixtureLiveUpdates liveUpdates;
  private final int port;
  private final Map<String, AtomicInteger> calls;

  private ConformanceFixtureServer(
      Server jetty,
      McpSyncServer mcp,
      FixtureLiveUpdates liveUpdates,
      int port,
      Map<String, AtomicInteger> calls) {
    this.jetty = jetty;
    this.mcp = mcp;
    this.liveUpdates = liveUpdates;
    this.port = port;
    this.calls = calls;
  }

  /** Starts the fixture on 127.0.0.1 and a free port the OS picks. */
  public static ConformanceFixtureServer start() {
    return start(0);
  }

  /** Starts the fixture on 127.0.0.1 and {@code port}; 0 lets the OS pick a free one. */
  public static ConformanceFixtureServer start(int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
    }
    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder()
            .jsonMapper(FixtureJson.MAPPER)
            .mcpEndpoint(MCP_PATH)
            .httpHeaderValidator(FixtureHttp.loopbackOnly())
            .build();
    FixtureResources resources = new FixtureResources();
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    McpSyncServer mcp = mcpServer(transport, resources, calls);
    Server jetty = FixtureHttp.jetty(transport, LOOPBACK, port);
    try {
      jetty.start();
    } catch (Exception e) {
      mcp.close();
      throw new IllegalStateException(
          "cannot start the conformance fixture on " + LOOPBACK + ":" + port, e);
    }
    int boundPort = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    return new ConformanceFixtureServer(
        jetty, mcp, new FixtureLiveUpdates(mcp, resources), boundPort, calls);
  }

  /** The MCP endpoint, {@code http://127.0.0.1:<port>/mcp}. */
  public URI url() {
    return URI.create("http://" + LOOPBACK + ":" + port + MCP_PATH);
  }

  /**
   * How many times the tool {@code name} began to run, so a test can prove a call ran once (or not
   * at all) whatever the client saw.
   */
  public int calls(String name) {
    AtomicInteger n = calls.get(name);
    return n == null ? 0 : n.get();
  }

  /** The port the fixture listens on. */
  public int port() {
    return port;
  }

  /**
   * Stops the timed updates, closes the MCP sessions (ending their SSE streams) and stops Jetty.
   */
  @Override
  public void close() {
    liveUpdates.close();
    try {
      mcp.closeGracefully();
    } finally {
      stopJetty();
    }
  }

  /**
   * Runs the fixture until the JVM is stopped. Argument: the port (default 0, a free one). Prints
   * one line, {@code FIXTURE_URL=http://127.0.0.1:<port>/mcp}, so scripts can read the endpoint.
   */
  public static void main(String[] args) throws InterruptedException {
    ConformanceFixtureServer fixture = start(args.length > 0 ? Integer.parseInt(args[0]) : 0);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  fixture.close();
                  stopped.countDown();
                },
                "conformance-fixture-shutdown"));
    System.out.println("FIXTURE_URL=" + fixture.url());
    System.out.flush();
    stopped.await();
  }

  private static SyncToolSpecification counted(
      SyncToolSpecification tool, Map<String, AtomicInteger> calls) {
    AtomicInteger n = calls.computeIfAbsent(tool.tool().name(), k -> new AtomicInteger());
    return new SyncToolSpecification(
        tool.tool(),
        (exchange, request) -> {
          n.incrementAndGet();
          return tool.callHandler().apply(exchange, request);
        });
  }

  private void stopJetty() {
    try {
      jetty.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the conformance fixture on port " + port, e);
    }
  }

  private static McpSyncServer mcpServer(
      HttpServletStreamableServerTransportProvider transport,
      FixtureResources resources,
      Map<String, AtomicInteger> calls) {
    List<SyncToolSpecification> all = new ArrayList<>(FixtureContentTools.all());
    all.addAll(FixtureNotifyingTools.all());
    all.addAll(FixtureClientRequestTools.all());
    List<SyncToolSpecification> tools = all.stream().map(t -> counted(t, calls)).toList();
    return McpServer.sync(transport)
        .jsonMapper(FixtureJson.MAPPER)
        .serverInfo("gatehouse-conformance-fixture", "1.0.0")
        .capabilities(
            ServerCapabilities.builder()
                .tools(true)
                .resources(true, true)
                .prompts(true)
                .logging()
                .completions()
                .build())
        .tools(tools)
        .resources(resources.resources())
        .resourceTemplates(resources.templates())
        .prompts(FixturePrompts.all())
        .completions(FixturePrompts.arg1Completion())
        .build();
  }
}
