package io.gatehouse.interop;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A load balancer with no sticky sessions, on loopback port 0: each HTTP request goes to the next
 * replica in turn, whatever connection or session it belongs to, and its answer streams back as it
 * arrives. Counts the requests each replica got.
 */
final class RoundRobinProxy implements AutoCloseable {
  private static final Set<String> HOP =
      Set.of(
          "host",
          "connection",
          "content-length",
          "transfer-encoding",
          "expect",
          "upgrade",
          "keep-alive",
          "te",
          "trailer",
          "proxy-connection");

  private final HttpServer server;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final List<URI> replicas;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger[] served;

  private RoundRobinProxy(List<URI> replicas) throws IOException {
    this.replicas = List.copyOf(replicas);
    this.served = new AtomicInteger[replicas.size()];
    for (int i = 0; i < served.length; i++) {
      served[i] = new AtomicInteger();
    }
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::relay);
    server.start();
  }

  static RoundRobinProxy start(List<URI> replicas) throws IOException {
    return new RoundRobinProxy(replicas);
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** How many requests each replica got. */
  List<Integer> served() {
    return java.util.Arrays.stream(served).map(AtomicInteger::get).toList();
  }

  private void relay(HttpExchange ex) throws IOException {
    int i = Math.floorMod(next.getAndIncrement(), replicas.size());
    served[i].incrementAndGet();
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      HttpRequest.Builder b =
          HttpRequest.newBuilder(replicas.get(i).resolve(ex.getRequestURI().toString()))
              .method(
                  ex.getRequestMethod(),
                  body.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      ex.getRequestHeaders()
          .forEach(
              (name, values) -> {
                if (!HOP.contains(name.toLowerCase(Locale.ROOT))) {
                  values.forEach(v -> b.header(name, v));
                }
              });
      HttpResponse<InputStream> answer;
      try {
        answer = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ex.sendResponseHeaders(502, -1);
        return;
      } catch (IOException e) {
        ex.sendResponseHeaders(502, -1);
        return;
      }
      answer
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                  ex.getResponseHeaders().put(name, values);
                }
              });
      try (InputStream in = answer.body()) {
        long length = answer.headers().firstValueAsLong("Content-Length").orElse(-1);
        ex.sendResponseHeaders(answer.statusCode(), length == 0 ? -1 : 0);
        OutputStream out = ex.getResponseBody();
        byte[] buf = new byte[16 * 1024];
        int n;
        while ((n = in.read(buf)) >= 0) {
          out.write(buf, 0, n);
          out.flush(); // an event stream goes on as it arrives
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    client.shutdownNow();
  }
}
