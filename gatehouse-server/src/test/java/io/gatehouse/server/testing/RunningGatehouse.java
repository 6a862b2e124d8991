package io.gatehouse.server.testing;

import io.gatehouse.core.net.Egress;
import io.gatehouse.server.GatehouseServer;
import io.gatehouse.server.config.ConfigLoader;
import io.gatehouse.testkit.McpWire;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The test kit's Gatehouse: a real server on 127.0.0.1 and port 0, started from a YAML
 * configuration written for the test (listen, a fresh data directory and the admin token {@value
 * #ADMIN_TOKEN} come first; the test adds routes and other keys). Use it with try-with-resources,
 * or as a JUnit extension:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RunningGatehouse gatehouse = RunningGatehouse.extension(() -> "routes:\n" + route("a", up.url(), "auto"));
 * }</pre>
 *
 * A static field starts one server for the class, an instance field one per test; the configuration
 * is asked for only then, so it can name fixtures other extensions started.
 */
public final class RunningGatehouse
    implements AutoCloseable,
        BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback {
  public static final String ADMIN_TOKEN = "test-admin-token";

  /**
   * The resolver every test Gatehouse uses unless given another: {@code localhost} only, so no test
   * ever asks a real DNS.
   */
  public static final Egress.Resolver LOCAL_NAMES =
      host -> {
        if (host.equalsIgnoreCase("localhost")) {
          return List.of(InetAddress.getLoopbackAddress());
        }
        throw new UnknownHostException(host + " (tests resolve no names but localhost)");
      };

  private final Supplier<String> yaml;
  private Egress.Resolver resolver = LOCAL_NAMES;
  private GatehouseServer server;
  private Path dir;
  private Path configFile;
  private boolean perClass;

  private RunningGatehouse(Supplier<String> yaml) {
    this.yaml = yaml;
  }

  /** Starts now, in a new temporary directory. */
  public static RunningGatehouse start(String yaml) {
    try {
      return start(Files.createTempDirectory("gatehouse-test"), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts now, with its configuration and data in {@code dir}. */
  public static RunningGatehouse start(Path dir, String yaml) {
    return start(dir, yaml, LOCAL_NAMES);
  }

  /** Starts now, looking names up with {@code resolver}. */
  public static RunningGatehouse start(Path dir, String yaml, Egress.Resolver resolver) {
    RunningGatehouse g = new RunningGatehouse(() -> yaml);
    g.resolver = resolver;
    g.launch(dir);
    return g;
  }

  /**
   * A Gatehouse that a JUnit extension field starts before the class (static) or each test
   * (instance).
   */
  public static RunningGatehouse extension(Supplier<String> yaml) {
    return new RunningGatehouse(yaml);
  }

  /** The configuration's fixed head: loopback, port 0, the data directory, the admin token. */
  public static String header(Path dir) {
    return "listen: {host: 127.0.0.1, port: 0}\ndata-dir: "
        + dir.resolve("data")
        + "\nadmin: {token: "
        + ADMIN_TOKEN
        + "}\n";
  }

  /** A {@code routes:} list entry. */
  public static String route(String name, URI upstream, String transport) {
    return "  - name: "
        + name
        + "\n    upstream: {url: '"
        + upstream
        + "', transport: "
        + transport
        + "}\n";
  }

  private void launch(Path in) {
    try {
      dir = in;
      configFile = dir.resolve("gatehouse.yaml");
      Files.writeString(configFile, header(dir) + yaml.get());
      ConfigLoader loader = new ConfigLoader(Map.of()).resolver(resolver);
      server = GatehouseServer.start(loader.load(configFile), loader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Gatehouse did not start", e);
    }
  }

  public GatehouseServer server() {
    return server;
  }

  public Path dir() {
    return dir;
  }

  public Path configFile() {
    return configFile;
  }

  /** {@code http://127.0.0.1:<port>/mcp/<name>}. */
  public URI route(String name) {
    return url("/mcp/" + name);
  }

  public URI url(String path) {
    return server.url().resolve(path);
  }

  /** Rewrites the configuration file (the server picks up route changes on its own). */
  public void rewriteConfig(String yaml) throws IOException {
    Files.writeString(configFile, header(dir) + yaml);
  }

  /** A GET of {@code path}, with {@code token} as bearer when it is not null. */
  public HttpResponse<String> get(String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(url(path)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return McpWire.send(b.timeout(Duration.ofSeconds(30)));
  }

  /** A request with a JSON body, with {@code token} as bearer when it is not null. */
  public HttpResponse<String> send(String method, String path, String token, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(url(path))
            .header("Content-Type", "application/json")
            .header("Accept", McpWire.ACCEPT)
            .method(method, HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return McpWire.send(b.timeout(Duration.ofSeconds(30)));
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    perClass = true;
    launch(Files.createTempDirectory("gatehouse-test"));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    if (!perClass) {
      launch(Files.createTempDirectory("gatehouse-test"));
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      close();
    }
  }
}
