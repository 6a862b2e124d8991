package io.gatehouse.server;

import io.gatehouse.server.config.ConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A real Gatehouse server on 127.0.0.1, port 0, started from a YAML configuration written for the test. */
final class RunningGatehouse implements AutoCloseable {
  final GatehouseServer server;
  final Path dir;
  final Path configFile;

  private RunningGatehouse(GatehouseServer server, Path dir, Path configFile) {
    this.server = server;
    this.dir = dir;
    this.configFile = configFile;
  }

  /** Starts with {@code yaml} appended to a listen/data-dir header; pass routes and other keys in it. */
  static RunningGatehouse start(String yaml) {
    try {
      Path dir = Files.createTempDirectory("gatehouse-test");
      return start(dir, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RunningGatehouse start(Path dir, String yaml) {
    try {
      Path config = dir.resolve("gatehouse.yaml");
      Files.writeString(config, header(dir) + yaml);
      ConfigLoader loader = new ConfigLoader(Map.of());
      return new RunningGatehouse(GatehouseServer.start(loader.load(config), loader), dir, config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("Gatehouse did not start", e);
    }
  }

  static String header(Path dir) {
    return "listen: {host: 127.0.0.1, port: 0}\ndata-dir: " + dir.resolve("data") + "\n";
  }

  /** A route list entry. */
  static String route(String name, URI upstream, String transport) {
    return "  - name: " + name + "\n    upstream: {url: '" + upstream + "', transport: " + transport + "}\n";
  }

  URI route(String name) {
    return server.url().resolve("/mcp/" + name);
  }

  URI url(String path) {
    return server.url().resolve(path);
  }

  /** Rewrites the configuration file (the server picks up route changes on its own). */
  void rewriteConfig(String yaml) throws IOException {
    Files.writeString(configFile, header(dir) + yaml);
  }

  @Override
  public void close() {
    server.close();
  }
}
