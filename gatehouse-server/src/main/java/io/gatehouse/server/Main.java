package io.gatehouse.server;

import io.gatehouse.core.Secret;
import io.gatehouse.http.IoLoops;
import io.gatehouse.server.config.ConfigException;
import io.gatehouse.server.config.ConfigLoader;
import io.gatehouse.server.config.GatehouseConfig;
import io.gatehouse.store.Database;
import io.gatehouse.store.StoreException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code gatehouse} command line: {@code serve}, {@code catalog import|export}, {@code
 * consumers create}, {@code keys create|list|revoke}, {@code mcp}.
 */
public final class Main {
  static final Cli.Option CONFIG = new Cli.Option("config", "c", "FILE", "YAML configuration file");

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line; returns the exit code (2 for a usage or configuration error). */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    return Cli.execute(commands(), version(), args, out, err);
  }

  static Cli.Command commands() {
    return Cli.Command.group(
        "gatehouse",
        "Self-hosted MCP platform: gateway, catalog, connections.",
        List.of(
            Cli.Command.of(
                "serve",
                "Run the server. Without --config it listens on 127.0.0.1:8080 with its data in ./gatehouse-data.",
                List.of(CONFIG),
                null,
                0,
                (a, out, err) -> serve(a.get("config"), out, err)),
            CatalogCommand.command(),
            KeysCommand.consumers(),
            KeysCommand.keys(),
            VaultCommand.command(),
            VaultCommand.secrets(),
            ConnectionsCommand.command(),
            UsageCommand.command(),
            McpCommand.command(),
            Warmup.command()));
  }

  private static int serve(String configFile, PrintWriter out, PrintWriter err)
      throws InterruptedException {
    // Native libraries and drivers load on the other core while the configuration is read.
    Thread preload =
        Thread.ofPlatform()
            .daemon()
            .name("gatehouse-preload")
            .start(
                () -> {
                  IoLoops.preload();
                  Database.preload();
                });
    ConfigLoader loader = new ConfigLoader(System.getenv());
    GatehouseConfig cfg;
    try {
      cfg = loader.load(configFile == null ? null : Path.of(configFile));
    } catch (ConfigException e) {
      err.println("gatehouse: " + ConfigException.KEY + ": " + e.getMessage());
      return 2;
    }
    boolean generatedToken = cfg.adminToken() == null;
    if (generatedToken) {
      cfg = withToken(cfg, oneTimeToken());
    }
    GatehouseServer server;
    try {
      preload.join();
      server = GatehouseServer.start(cfg, loader);
    } catch (StoreException e) {
      err.println("gatehouse: " + e.code() + ": " + e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println("gatehouse: could not start: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "gatehouse-shutdown"));
    out.println(
        "Gatehouse is listening on "
            + server.url()
            + " ("
            + cfg.routes().size()
            + " routes"
            + (cfg.source() == null ? ", embedded defaults" : ", config " + cfg.source())
            + ")");
    if (generatedToken) {
      out.println(
          "Admin token (shown once; set admin.token or GATEHOUSE_ADMIN_TOKEN to keep one): "
              + cfg.adminToken().reveal());
    }
    out.flush();
    stopped.await();
    return 0;
  }

  private static String oneTimeToken() {
    byte[] b = new byte[24];
    new SecureRandom().nextBytes(b);
    return "gh_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static GatehouseConfig withToken(GatehouseConfig c, String token) {
    return c.withAdminToken(Secret.of(token));
  }

  /** The version from the jar's manifest. */
  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return "gatehouse " + (v == null ? "dev" : v);
  }
}
