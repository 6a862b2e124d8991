package io.gatehouse.connect.oauth;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A loopback HTTP server on port 0 that answers GETs of the paths it is given with JSON documents
 * (built from its base URL), other paths with the handlers it is given, 404 otherwise, and records
 * every path asked for.
 */
final class MetadataServer implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, Function<String, String>> documents = new ConcurrentHashMap<>();
  private final Map<String, HttpHandler> handlers = new ConcurrentHashMap<>();
  final List<String> asked = new CopyOnWriteArrayList<>();

  MetadataServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        ex -> {
          String path = ex.getRequestURI().getRawPath();
          asked.add(path);
          if (handlers.containsKey(path)) {
            handlers.get(path).handle(ex);
            return;
          }
          Function<String, String> doc = documents.get(path);
          byte[] out =
              doc == null ? new byte[0] : doc.apply(base()).getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(doc == null ? 404 : 200, doc == null ? -1 : out.length);
          ex.getResponseBody().write(out);
          ex.close();
        });
    server.start();
  }

  /** Serves {@code json(base)} at {@code path}. */
  MetadataServer serve(String path, Function<String, String> json) {
    documents.put(path, json);
    return this;
  }

  /** Answers {@code path} with {@code handler}. */
  MetadataServer handle(String path, HttpHandler handler) {
    handlers.put(path, handler);
    return this;
  }

  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  URI url(String path) {
    return URI.create(base() + path);
  }

  static String authServer(String issuer) {
    return "{\"issuer\":\""
        + issuer
        + "\",\"authorization_endpoint\":\""
        + issuer
        + "/authorize\",\"token_endpoint\":\""
        + issuer
        + "/token\",\"code_challenge_methods_supported\":[\"S256\"]}";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
