package io.gatehouse.interop;

import static org.awaitility.Awaitility.await;

import io.gatehouse.server.testing.InstalledTool;
import io.gatehouse.testkit.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Debian's nginx (installed by {@code bash .ci/tools.sh}) as a load balancer in front of replicas:
 * one {@code upstream} block, nginx's default round-robin, no sticky sessions, on 127.0.0.1 and a
 * port the kernel just gave out (nginx cannot bind port 0; when another process took the port in
 * between, it is started again on a new one). Its access log has one JSON line per request naming
 * the replica that answered and the request body. When nginx is missing, the test fails on CI and
 * is skipped elsewhere.
 */
final class Nginx implements AutoCloseable {
  static final String SETUP_HINT =
      "run `bash .ci/tools.sh` (or `apt-get install nginx`) in the repository root";
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final int BIND_ATTEMPTS = 5;

  private final ChildProcess process;
  private final int port;
  private final Path accessLog;

  private Nginx(ChildProcess process, int port, Path accessLog) {
    this.process = process;
    this.port = port;
    this.accessLog = accessLog;
  }

  /** One request as the balancer's access log has it. */
  record Served(String upstream, String mcpMethod, int status, String body) {
    /** The replica that answered: the last address nginx tried (it moves on from a refusal). */
    String replica() {
      String[] tried = upstream.split(",\\s*");
      return tried[tried.length - 1];
    }
  }

  /** The nginx binary; fails the test on CI, or skips it elsewhere, when there is none. */
  static Path require() {
    return InstalledTool.require(
        "nginx", SETUP_HINT, System.getenv(), List.of("/usr/sbin", "/usr/bin"));
  }

  /**
   * Starts {@code binary} (from {@link #require()}) in {@code dir}, balancing over the replicas at
   * {@code replicas} (base URLs).
   */
  static Nginx balance(Path binary, Path dir, List<URI> replicas) {
    IllegalStateException lastBindFailure = null;
    for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
      int port = LoopbackPorts.free();
      Nginx nginx = start(binary, dir, replicas, port);
      try {
        nginx.awaitAccepting();
        return nginx;
      } catch (IllegalStateException e) {
        nginx.close();
        if (!String.valueOf(e.getMessage()).contains("Address already in use")) {
          throw e;
        }
        lastBindFailure = e;
      }
    }
    throw lastBindFailure;
  }

  /** {@code http://127.0.0.1:PORT}. */
  URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Every request nginx has logged so far, oldest first. */
  List<Served> served() {
    try {
      if (!Files.exists(accessLog)) {
        return List.of();
      }
      return Files.readAllLines(accessLog).stream()
          .filter(line -> !line.isBlank())
          .map(JSON::readTree)
          .map(Nginx::served)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What nginx printed, for failure messages. */
  String diagnostics() {
    return process.diagnostics();
  }

  @Override
  public void close() {
    process.close();
  }

  private static Served served(JsonNode line) {
    return new Served(
        line.path("upstream").asString(),
        line.path("mcpMethod").asString(),
        Integer.parseInt(line.path("status").asString("0")),
        line.path("body").asString());
  }

  private static Nginx start(Path binary, Path dir, List<URI> replicas, int port) {
    try {
      Files.createDirectories(dir);
      Path config = dir.resolve("nginx.conf");
      Files.writeString(config, config(dir, replicas, port));
      Path accessLog = dir.resolve("access.log");
      Files.deleteIfExists(accessLog);
      ChildProcess p =
          ChildProcess.start(
              "nginx",
              List.of(
                  binary.toString(),
                  "-p",
                  dir.toString(),
                  "-c",
                  config.toString(),
                  "-e",
                  dir.resolve("error.log").toString()),
              Map.of());
      return new Nginx(p, port, accessLog);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One worker, so the round-robin turn is one counter; the request body is read into memory
   * (proxy_request_buffering, the default) so the access log can show it; the caller's Host goes on
   * (Gatehouse refuses hosts it does not serve, so not the upstream block's name).
   */
  static String config(Path dir, List<URI> replicas, int port) {
    String servers =
        replicas.stream()
            .map(u -> "    server " + u.getHost() + ":" + u.getPort() + ";\n")
            .collect(Collectors.joining());
    return """
        worker_processes 1;
        daemon off;
        pid @DIR@/nginx.pid;
        error_log @DIR@/error.log notice;
        events { worker_connections 256; }
        http {
          log_format balanced escape=json '{"upstream":"$upstream_addr","status":"$status",'
                                          '"mcpMethod":"$http_mcp_method","body":"$request_body"}';
          access_log @DIR@/access.log balanced;
          client_body_temp_path @DIR@/client_body;
          client_body_buffer_size 1m;
          proxy_temp_path @DIR@/proxy;
          fastcgi_temp_path @DIR@/fastcgi;
          uwsgi_temp_path @DIR@/uwsgi;
          scgi_temp_path @DIR@/scgi;
          upstream gatehouse {
        @SERVERS@  }
          server {
            listen 127.0.0.1:@PORT@;
            location / {
              proxy_pass http://gatehouse;
              proxy_http_version 1.1;
              proxy_set_header Connection "";
              proxy_set_header Host $http_host;
              proxy_buffering off;
              proxy_read_timeout 300s;
            }
          }
        }
        """
        .replace("@DIR@", dir.toString())
        .replace("@PORT@", Integer.toString(port))
        .replace("@SERVERS@", servers);
  }

  private void awaitAccepting() {
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              if (process.waitFor(Duration.ZERO)) {
                throw new IllegalStateException(
                    "nginx exited (" + process.exitCode() + ")" + process.diagnostics());
              }
              return LoopbackPorts.accepts(port);
            });
  }
}
