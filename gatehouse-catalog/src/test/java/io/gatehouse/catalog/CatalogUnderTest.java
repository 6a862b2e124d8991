package io.gatehouse.catalog;

import io.gatehouse.gateway.Gateway;
import io.gatehouse.gateway.RoutingTable;
import io.gatehouse.gateway.SessionSealer;
import io.gatehouse.store.testing.TestDatabases;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A catalog served over real HTTP on 127.0.0.1 and port 0, wired as the server wires it: the gateway for
 * {@code /mcp/...}, then the registry and admin handlers, on a fresh SQLite store (or one given).
 */
final class CatalogUnderTest implements AutoCloseable {
  static final String TOKEN = "test-admin-token";

  final TestDatabases.Throwaway store;
  final RoutingTable routes = new RoutingTable();
  final Catalog catalog;
  private final Gateway gateway;
  private final Server jetty;
  private final boolean ownsStore;

  private CatalogUnderTest(TestDatabases.Throwaway store, boolean ownsStore, boolean anonymousRead) {
    this.store = store;
    this.ownsStore = ownsStore;
    this.gateway = Gateway.builder(routes, new SessionSealer(SessionSealer.generateKey())).build();
    this.jetty = jetty();
    CatalogSettings settings = new CatalogSettings(this::url, this::url, anonymousRead, TOKEN::equals,
        Duration.ofMillis(200), Clock.systemUTC());
    this.catalog = Catalog.open(store.database(), settings);
    jetty.setHandler(new Handler.Sequence(gateway.handler(), catalog.registryHandler(), catalog.adminHandler(), new NotFound()));
  }

  static CatalogUnderTest start() {
    return start(TestDatabases.sqlite(), true, true);
  }

  static CatalogUnderTest start(TestDatabases.Throwaway store, boolean ownsStore, boolean anonymousRead) {
    CatalogUnderTest c = new CatalogUnderTest(store, ownsStore, anonymousRead);
    try {
      c.jetty.start();
    } catch (Exception e) {
      c.close();
      throw new IllegalStateException("the catalog under test did not start", e);
    }
    c.catalog.serve(c.routes);
    return c;
  }

  private static Server jetty() {
    QueuedThreadPool pool = new QueuedThreadPool(50, 4);
    pool.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("catalog-test-vt"));
    Server server = new Server(pool);
    HttpConfiguration http = new HttpConfiguration();
    http.setUriCompliance(UriCompliance.DEFAULT.with("registry-names", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
    ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    return server;
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort());
  }

  URI url(String pathAndQuery) {
    return URI.create(url() + pathAndQuery);
  }

  @Override
  public void close() {
    catalog.close();
    try {
      jetty.stop();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      gateway.close();
      if (ownsStore) {
        store.close();
      }
    }
  }

  private static final class NotFound extends Handler.Abstract.NonBlocking {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      Response.writeError(request, response, callback, 404);
      return true;
    }
  }
}
