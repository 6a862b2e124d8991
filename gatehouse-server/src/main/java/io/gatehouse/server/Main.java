package io.gatehouse.server;

import io.gatehouse.core.Secret;

import io.gatehouse.server.config.ConfigException;
import io.gatehouse.server.config.ConfigLoader;
import io.gatehouse.server.config.GatehouseConfig;
import io.gatehouse.store.StoreException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code gatehouse} command line. */
@Command(name = "gatehouse", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Self-hosted MCP platform: gateway, catalog, connections.",
    subcommands = {Main.Serve.class, CatalogCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** {@code gatehouse serve [--config FILE]}. */
  @Command(name = "serve", mixinStandardHelpOptions = true,
      description = "Run the server. Without --config it listens on 127.0.0.1:8080 with its data in ./gatehouse-data.")
  static final class Serve implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "YAML configuration file")
    Path config;

    @Override
    public Integer call() throws Exception {
      ConfigLoader loader = new ConfigLoader(System.getenv());
      GatehouseConfig cfg;
      try {
        cfg = loader.load(config);
      } catch (ConfigException e) {
        System.err.println("gatehouse: " + ConfigException.KEY + ": " + e.getMessage());
        return 2;
      }
      boolean generatedToken = cfg.adminToken() == null;
      if (generatedToken) {
        cfg = withToken(cfg, oneTimeToken());
      }
      GatehouseServer server;
      try {
        server = GatehouseServer.start(cfg, loader);
      } catch (StoreException e) {
        System.err.println("gatehouse: " + e.code() + ": " + e.getMessage());
        return 2;
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        stopped.countDown();
      }, "gatehouse-shutdown"));
      System.out.println("Gatehouse is listening on " + server.url() + " (" + cfg.routes().size() + " routes"
          + (cfg.source() == null ? ", embedded defaults" : ", config " + cfg.source()) + ")");
      if (generatedToken) {
        System.out.println("Admin token (shown once; set admin.token or GATEHOUSE_ADMIN_TOKEN to keep one): "
            + cfg.adminToken().reveal());
      }
      stopped.await();
      return 0;
    }

    private static String oneTimeToken() {
      byte[] b = new byte[24];
      new SecureRandom().nextBytes(b);
      return "gh_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static GatehouseConfig withToken(GatehouseConfig c, String token) {
      return new GatehouseConfig(c.listenHost(), c.listenPort(), c.ioThreads(), c.publicUrl(), c.dataDir(), c.storageUrl(),
          Secret.of(token), c.gateway(), c.sessionKey(), c.routes(), c.source(), c.registryAnonymousRead());
    }
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"gatehouse " + (v == null ? "dev" : v)};
    }
  }
}
