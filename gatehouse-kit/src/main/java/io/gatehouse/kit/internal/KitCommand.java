package io.gatehouse.kit.internal;

import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.Problem;
import io.gatehouse.kit.KitErrors;
import io.gatehouse.kit.KitException;
import io.gatehouse.kit.KitServer;
import io.gatehouse.kit.Publisher;
import io.gatehouse.kit.ServerJson;
import java.io.PrintStream;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** The command line of a kit server's {@code main}: serve, publish, server-json, help. */
public final class KitCommand {
  private static final String USAGE =
      """
      Usage: <server> [serve] [--port N] [--host H]
             <server> publish --catalog URL --url MCP_URL [--token TOKEN]
             <server> server-json --url MCP_URL
        serve        run the server (default port 8080 or $PORT, host 127.0.0.1); prints MCP_URL=...
        publish      publish its server.json into a Gatehouse catalog (token: --token or $GATEHOUSE_TOKEN)
        server-json  print the server.json that publish would send
      --url is the address clients reach the MCP endpoint on, such as http://127.0.0.1:8080/mcp
      """;

  private final KitServer.Builder server;
  private final Map<String, String> environment;
  private final PrintStream out;
  private final PrintStream err;

  public KitCommand(
      KitServer.Builder server, Map<String, String> environment, PrintStream out, PrintStream err) {
    this.server = server;
    this.environment = environment;
    this.out = out;
    this.err = err;
  }

  /** Runs {@code args}; the exit status. */
  public int run(String[] args) {
    String command = args.length == 0 || args[0].startsWith("-") ? "serve" : args[0];
    int from = args.length > 0 && !args[0].startsWith("-") ? 1 : 0;
    try {
      if (List.of(args).contains("--help") || command.equals("help")) {
        out.print(USAGE);
        return 0;
      }
      return switch (command) {
        case "serve" -> serve(options(args, from, Set.of("--port", "--host")));
        case "publish" -> publish(options(args, from, Set.of("--catalog", "--url", "--token")));
        case "server-json" -> serverJson(options(args, from, Set.of("--url")));
        default ->
            throw usage(
                "command: '" + command + "' (expected: serve, publish, server-json or --help)");
      };
    } catch (GatehouseException e) {
      err.println("error: " + e.error().key() + ": " + e.getMessage());
      for (Problem p : e.details()) {
        err.println("  " + p.field() + ": " + p.message());
      }
      err.println("hint: " + e.error().hint());
      return e.error() == KitErrors.USAGE ? 2 : 1;
    }
  }

  private int serve(Map<String, String> options) {
    String port = options.getOrDefault("--port", environment.getOrDefault("PORT", "8080"));
    if (options.containsKey("--host")) {
      server.host(options.get("--host"));
    }
    KitServer running = server.start(number("--port", port));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  running.close();
                  stopped.countDown();
                },
                "mcp-kit-shutdown"));
    out.println("MCP_URL=" + running.url());
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private int publish(Map<String, String> options) {
    URI catalog = uri("--catalog", required(options, "--catalog"));
    URI url = uri("--url", required(options, "--url"));
    String token = options.getOrDefault("--token", environment.get("GATEHOUSE_TOKEN"));
    if (token == null || token.isBlank()) {
      throw usage(
          "--token: missing (expected: --token or the GATEHOUSE_TOKEN environment variable)");
    }
    Publisher.Published published =
        Publisher.publish(catalog, token, ServerJson.of(server.definition(), url));
    out.println("published " + published.name() + " " + published.version() + " to " + catalog);
    published.warnings().forEach(w -> out.println("warning: " + w));
    return 0;
  }

  private int serverJson(Map<String, String> options) {
    URI url = uri("--url", required(options, "--url"));
    out.println(ServerJson.of(server.definition(), url).toPrettyString());
    return 0;
  }

  private static Map<String, String> options(String[] args, int from, Set<String> known) {
    Map<String, String> options = new HashMap<>();
    for (int i = from; i < args.length; i += 2) {
      String name = args[i];
      if (!known.contains(name)) {
        throw usage("option: '" + name + "' (expected: one of " + known + ")");
      }
      if (i + 1 >= args.length) {
        throw usage(name + ": no value (expected: " + name + " VALUE)");
      }
      options.put(name, args[i + 1]);
    }
    return options;
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw usage(name + ": missing (expected: " + name + " VALUE)");
    }
    return value;
  }

  private static int number(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw usage(name + ": '" + value + "' (expected: a number, 0..65535)");
    }
  }

  private static URI uri(String name, String value) {
    try {
      URI uri = URI.create(value);
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          || uri.getHost() == null) {
        throw usage(name + ": '" + value + "' (expected: an http or https URL)");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw usage(name + ": '" + value + "' (expected: an http or https URL)");
    }
  }

  private static KitException usage(String message) {
    return new KitException(KitErrors.USAGE, message);
  }
}
