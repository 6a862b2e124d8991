package io.gatehouse.interop;

import io.gatehouse.server.GatehouseServer;
import io.gatehouse.server.config.ConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/** A real Gatehouse server on 127.0.0.1, port 0, with routes to the given upstreams, for interop tests. */
final class GatewayUnderTest implements AutoCloseable {
  private final GatehouseServer server;
  private final Path dir;

  private GatewayUnderTest(GatehouseServer server, Path dir) {
    this.server = server;
    this.dir = dir;
  }

  /** @param routes route name → upstream URL and transport ({@code streamable-http}, {@code sse}, {@code auto}) */
  static GatewayUnderTest start(Map<String, Map.Entry<URI, String>> routes) {
    try {
      Path dir = Files.createTempDirectory("gatehouse-interop");
      String yaml = "listen: {host: 127.0.0.1, port: 0}\ndata-dir: " + dir.resolve("data") + "\nroutes:\n"
          + routes.entrySet().stream().map(e -> "  - name: " + e.getKey() + "\n    upstream: {url: '"
              + e.getValue().getKey() + "', transport: " + e.getValue().getValue() + "}\n").collect(Collectors.joining());
      Path config = Files.writeString(dir.resolve("gatehouse.yaml"), yaml);
      ConfigLoader loader = new ConfigLoader(Map.of());
      return new GatewayUnderTest(GatehouseServer.start(loader.load(config), loader), dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("the gateway did not start", e);
    }
  }

  /** {@code http://127.0.0.1:<port>/mcp/<route>}. */
  URI route(String name) {
    return server.url().resolve("/mcp/" + name);
  }

  URI base() {
    return server.url();
  }

  @Override
  public void close() {
    server.close();
  }
}
