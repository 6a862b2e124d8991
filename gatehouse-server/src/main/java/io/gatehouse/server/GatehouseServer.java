package io.gatehouse.server;

import static java.util.Objects.requireNonNull;

import io.gatehouse.catalog.Catalog;
import io.gatehouse.gateway.Gateway;
import io.gatehouse.gateway.RoutingTable;
import io.gatehouse.gateway.SessionSealer;
import io.gatehouse.server.config.ConfigLoader;
import io.gatehouse.server.config.GatehouseConfig;
import java.net.URI;
import java.time.Duration;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Gatehouse process: Jetty on virtual threads serving the gateway ({@code /mcp/...}), the tool
 * catalog ({@code /v0.1/...}, {@code /admin/v1/...}) and the operations endpoints, with routes from the
 * configuration file and the catalog kept up to date while it runs.
 */
public final class GatehouseServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GatehouseServer.class);
  static final String CONFIG_SOURCE = "config";

  private final GatehouseConfig config;
  private final RoutingTable routes = new RoutingTable();
  private final Gateway gateway;
  private final Server jetty;
  private final ConfigWatcher watcher;
  private final CatalogPart catalog = new CatalogPart();
  private volatile boolean ready;

  private GatehouseServer(GatehouseConfig config, ConfigLoader loader) {
    this.config = requireNonNull(config, "config");
    routes.publish(CONFIG_SOURCE, config.routes());
    SessionSealer sealer = new SessionSealer(SessionKeys.load(config.sessionKey(), config.dataDir()));
    this.gateway = Gateway.builder(routes, sealer).settings(config.gateway()).build();
    this.jetty = jetty(config, new Handler.Sequence(
        new OpsHandler(routes, () -> ready), gateway.handler(), catalog, new NotFoundHandler()));
    this.watcher = config.source() == null ? null : new ConfigWatcher(config.source(), loader, routes);
  }

  /**
   * Starts a server; it is ready to serve when this returns. The HTTP port opens first, so {@code /healthz}
   * answers (and {@code /readyz} says starting) while the store's migrations run.
   */
  public static GatehouseServer start(GatehouseConfig config, ConfigLoader loader) throws Exception {
    GatehouseServer server = new GatehouseServer(config, loader);
    try {
      server.jetty.start();
      server.catalog.open(config, server.routes, server::url);
    } catch (Exception e) {
      server.close();
      throw e;
    }
    if (server.watcher != null) {
      server.watcher.start();
    }
    server.ready = true;
    return server;
  }

  private static Server jetty(GatehouseConfig config, Handler handler) {
    QueuedThreadPool pool = new QueuedThreadPool(200, 4);
    pool.setName("gatehouse-http");
    pool.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("gatehouse-vt"));
    Server server = new Server(pool);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setUriCompliance(UriCompliance.DEFAULT.with("registry-names", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
    ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(config.listenHost());
    connector.setPort(config.listenPort());
    connector.setIdleTimeout(Duration.ofMinutes(15).toMillis());
    server.addConnector(connector);
    server.setHandler(handler);
    server.setStopTimeout(Duration.ofSeconds(5).toMillis());
    return server;
  }

  /** The port actually bound (useful with {@code listen.port: 0}). */
  public int port() {
    return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
  }

  /** The base URL to reach this process at, with the port actually bound. */
  public URI url() {
    String host = config.listenHost().equals("0.0.0.0") ? "127.0.0.1" : config.listenHost();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
  }

  public RoutingTable routes() {
    return routes;
  }

  public GatehouseConfig config() {
    return config;
  }

  /** The tool catalog this process serves. */
  public Catalog catalog() {
    return catalog.catalog();
  }

  public boolean isReady() {
    return ready;
  }

  @Override
  public void close() {
    ready = false;
    if (watcher != null) {
      watcher.close();
    }
    try {
      jetty.stop();
    } catch (Exception e) {
      log.warn("stopping the HTTP server: {}", e.toString());
    }
    catalog.close();
    gateway.close();
  }
}
