package io.gatehouse.testkit;

import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import java.util.List;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The fixture's HTTP side: Jetty 12 (ee11) hosting the SDK's Streamable HTTP servlet, and its
 * Host/Origin check.
 */
final class FixtureHttp {

  private FixtureHttp() {}

  /**
   * DNS-rebinding protection. Spec 2025-11-25 basic/transports: servers MUST validate Origin, and
   * answer an invalid one with 403. Only loopback Host and Origin values pass; the SDK answers
   * others with 421 or 403.
   */
  static DefaultServerTransportSecurityValidator loopbackOnly() {
    List<String> hosts = List.of("localhost", "127.0.0.1", "[::1]");
    DefaultServerTransportSecurityValidator.Builder validator =
        DefaultServerTransportSecurityValidator.builder();
    for (String host : hosts) {
      validator
          .allowedHost(host + ":*")
          .allowedOrigin("http://" + host + ":*")
          .allowedOrigin("https://" + host + ":*");
    }
    return validator.build();
  }

  /**
   * Jetty on {@code host:port}, the transport servlet async at {@code /mcp}, handlers on virtual
   * threads.
   */
  static Server jetty(
      HttpServletStreamableServerTransportProvider transport, String host, int port) {
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("conformance-fixture");
    threads.setVirtualThreadsExecutor(
        VirtualThreads.getNamedVirtualThreadsExecutor("conformance-fixture-vt"));
    Server jetty = new Server(threads);
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost(host);
    connector.setPort(port);
    jetty.addConnector(connector);
    ServletHolder mcpServlet = new ServletHolder("mcp", transport);
    mcpServlet.setAsyncSupported(true);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addServlet(mcpServlet, ConformanceFixtureServer.MCP_PATH);
    jetty.setHandler(context);
    return jetty;
  }
}
