package io.gatehouse.kit.internal;

import io.gatehouse.kit.KitErrors;
import io.gatehouse.kit.KitException;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Predicate;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The kit's HTTP side: Jetty 12 (ee11) hosting the SDK's Streamable HTTP servlet at {@code /mcp},
 * behind the {@link KeyGuard}, with handlers on virtual threads.
 */
public final class KitHttp {
  public static final String MCP_PATH = "/mcp";

  private KitHttp() {}

  /** The SDK's transport; on a loopback host, Host and Origin must be loopback too. */
  public static HttpServletStreamableServerTransportProvider transport(String host) {
    HttpServletStreamableServerTransportProvider.Builder transport =
        HttpServletStreamableServerTransportProvider.builder()
            .jsonMapper(KitJson.MCP)
            .mcpEndpoint(MCP_PATH);
    if (isLoopback(host)) {
      transport.securityValidator(loopbackOnly());
    }
    return transport.build();
  }

  /** A started Jetty: its port, and how to stop it. */
  public static final class Listener {
    private final Server jetty;

    private Listener(Server jetty) {
      this.jetty = jetty;
    }

    public int port() {
      return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    public void stop() {
      try {
        jetty.stop();
      } catch (Exception e) {
        throw new IllegalStateException("cannot stop the server on port " + port(), e);
      }
    }
  }

  /** Jetty listening on {@code host:port}, started. */
  public static Listener start(
      HttpServletStreamableServerTransportProvider transport,
      String host,
      int port,
      String keyHeader,
      Predicate<String> keys) {
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("mcp-kit");
    threads.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("mcp-kit-vt"));
    Server jetty = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    jetty.addConnector(connector);
    ServletHolder mcp = new ServletHolder("mcp", transport);
    mcp.setAsyncSupported(true);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addServlet(mcp, MCP_PATH);
    jetty.setHandler(new KeyGuard(context, keyHeader, keys, MCP_PATH));
    jetty.setErrorHandler(new JsonErrors());
    try {
      jetty.start();
    } catch (Exception e) {
      try {
        jetty.stop();
      } catch (Exception ignored) {
        // the start failure is what the caller needs to see
      }
      throw new KitException(
          KitErrors.START_FAILED,
          "cannot listen on " + host + ":" + port + ": " + e.getMessage(),
          e);
    }
    return new Listener(jetty);
  }

  /**
   * DNS-rebinding protection. Spec 2025-11-25 basic/transports: servers MUST validate Origin; a
   * server on loopback accepts only loopback Host and Origin values.
   */
  private static DefaultServerTransportSecurityValidator loopbackOnly() {
    DefaultServerTransportSecurityValidator.Builder validator =
        DefaultServerTransportSecurityValidator.builder();
    for (String host : new String[] {"localhost", "127.0.0.1", "[::1]"}) {
      validator
          .allowedHost(host + ":*")
          .allowedOrigin("http://" + host + ":*")
          .allowedOrigin("https://" + host + ":*");
    }
    return validator.build();
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
