package io.gatehouse.server;

import io.gatehouse.server.config.ConfigLoader;
import io.gatehouse.server.config.GatehouseConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code gatehouse warmup}: the training run behind the start-up archive. It starts a server on a
 * loopback port with a throwaway store, sends it the requests a real start and first calls make
 * (health, the registry, the admin API, an MCP request), then stops and exits normally, so the JVM
 * can write down the classes it loaded. {@code ./gatehouse} runs it once per build; nothing else
 * needs to.
 */
final class Warmup {
  private static final List<String> PATHS =
      List.of(
          "/healthz",
          "/readyz",
          "/v0.1/servers?limit=1",
          "/admin/v1/environments",
          "/mcp/warmup",
          "/nothing");

  private Warmup() {}

  static Cli.Command command() {
    return Cli.Command.of(
            "warmup",
            "Start, serve a few requests, stop (trains the start-up archive).",
            List.of(),
            null,
            0,
            (a, out, err) -> run())
        .hide();
  }

  private static int run() throws Exception {
    Path dir = Files.createTempDirectory("gatehouse-warmup");
    try {
      Path config =
          Files.writeString(
              dir.resolve("gatehouse.yaml"),
              "listen: {host: 127.0.0.1, port: 0}\ndata-dir: "
                  + dir.resolve("data")
                  + "\nadmin: {token: warmup}\nroutes:\n  - name: warmup\n    upstream: {url: 'http://127.0.0.1:9/mcp'}\n");
      ConfigLoader loader = new ConfigLoader(Map.of());
      GatehouseConfig cfg = loader.load(config);
      try (GatehouseServer server = GatehouseServer.start(cfg, loader)) {
        exercise(server.url());
      }
      return 0;
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void exercise(URI base) throws IOException, InterruptedException {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    for (String path : PATHS) {
      HttpRequest.Builder r =
          HttpRequest.newBuilder(base.resolve(path))
              .timeout(Duration.ofSeconds(10))
              .header("Authorization", "Bearer warmup");
      if (path.startsWith("/mcp/")) {
        r.header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                        + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"warmup\",\"version\":\"1\"}}}"));
      }
      http.send(r.build(), HttpResponse.BodyHandlers.discarding());
    }
  }
}
