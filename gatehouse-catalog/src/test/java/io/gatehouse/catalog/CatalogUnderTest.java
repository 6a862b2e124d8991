package io.gatehouse.catalog;

import io.gatehouse.catalog.http.AdminApi;
import io.gatehouse.catalog.http.RegistryApi;
import io.gatehouse.connect.McpClient;
import io.gatehouse.connect.McpFailure;
import io.gatehouse.core.net.Egress;
import io.gatehouse.gateway.Gateway;
import io.gatehouse.gateway.RoutingTable;
import io.gatehouse.gateway.SessionSealer;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.http.ErrorShape;
import io.gatehouse.http.HttpEdge;
import io.gatehouse.http.IoLoops;
import io.gatehouse.store.testing.TestDatabases;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * A catalog served over real HTTP on 127.0.0.1 and port 0, wired as the server wires it: the
 * gateway for {@code /mcp/...}, then the registry and admin APIs, on a fresh SQLite store (or one
 * given).
 */
final class CatalogUnderTest implements AutoCloseable {
  static final String TOKEN = "test-admin-token";

  final TestDatabases.Throwaway store;
  final RoutingTable routes = new RoutingTable();
  final Catalog catalog;
  private final IoLoops loops = IoLoops.start(1);
  private final Gateway gateway;
  private final HttpEdge edge;
  private final boolean ownsStore;

  private CatalogUnderTest(
      TestDatabases.Throwaway store, boolean ownsStore, boolean anonymousRead) {
    this.store = store;
    this.ownsStore = ownsStore;
    this.gateway =
        Gateway.builder(loops, routes, new SessionSealer(SessionSealer.generateKey())).build();
    CatalogSettings settings =
        new CatalogSettings(
            this::url,
            this::url,
            anonymousRead,
            TOKEN::equals,
            Duration.ofMillis(200),
            Clock.systemUTC());
    this.catalog = Catalog.open(store.database(), settings);
    RegistryApi registry = new RegistryApi(catalog);
    this.edge =
        HttpEdge.builder(loops)
            .listen("127.0.0.1", 0)
            .mount("/mcp/", gateway.endpoint())
            .mount("/v0.1/", registry, ErrorShape.REGISTRY, 1 << 20)
            .mount("/v0/", registry, ErrorShape.REGISTRY, 1 << 20)
            .mount("/admin/v1/", new AdminApi(catalog), ErrorShape.REST, 1 << 20)
            .start();
  }

  static CatalogUnderTest start() {
    return start(TestDatabases.sqlite(), true, true);
  }

  static CatalogUnderTest start(
      TestDatabases.Throwaway store, boolean ownsStore, boolean anonymousRead) {
    CatalogUnderTest c = new CatalogUnderTest(store, ownsStore, anonymousRead);
    c.catalog.serve(
        c.routes,
        (endpoint, headers) -> {
          McpClient.Options o = new McpClient.Options(Duration.ofSeconds(30), headers, Map.of());
          try (McpClient client =
              McpClient.open(endpoint, UpstreamTransport.STREAMABLE_HTTP, Egress.defaults(), o)) {
            return client.listTools();
          } catch (McpFailure f) {
            throw new ToolLister.Failure(
                f.facts().getOrDefault("key", f.error().key()), f.getMessage());
          }
        });
    return c;
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + edge.port());
  }

  URI url(String pathAndQuery) {
    return URI.create(url() + pathAndQuery);
  }

  @Override
  public void close() {
    catalog.close();
    edge.close();
    gateway.close();
    loops.close();
    if (ownsStore) {
      store.close();
    }
  }
}
