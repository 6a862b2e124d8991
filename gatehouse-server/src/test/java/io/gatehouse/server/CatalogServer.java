package io.gatehouse.server;

import io.gatehouse.server.config.ConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** A real Gatehouse on 127.0.0.1 and port 0 with an admin token, for the catalog's wiring tests. */
final class CatalogServer implements AutoCloseable {
  static final String TOKEN = "wiring-test-token";
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  final GatehouseServer server;
  final Path config;

  private CatalogServer(GatehouseServer server, Path config) {
    this.server = server;
    this.config = config;
  }

  /** Writes a configuration (listen, data-dir and admin token, then {@code extraYaml}) and starts on it. */
  static CatalogServer start(Path dir, String extraYaml) throws Exception {
    Path config = writeConfig(dir, extraYaml);
    ConfigLoader loader = new ConfigLoader(Map.of());
    return new CatalogServer(GatehouseServer.start(loader.load(config), loader), config);
  }

  static Path writeConfig(Path dir, String extraYaml) throws IOException {
    return Files.writeString(dir.resolve("gatehouse.yaml"), "listen: {host: 127.0.0.1, port: 0}\ndata-dir: " + dir.resolve("data")
        + "\nadmin: {token: " + TOKEN + "}\n" + extraYaml);
  }

  URI url(String path) {
    return server.url().resolve(path);
  }

  HttpResponse<String> get(String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(url(path)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b);
  }

  HttpResponse<String> send(String method, String path, String token, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(url(path)).header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream").method(method, HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b);
  }

  static HttpResponse<String> send(HttpRequest.Builder b) {
    try {
      return HTTP.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
