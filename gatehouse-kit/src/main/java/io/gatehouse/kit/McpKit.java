package io.gatehouse.kit;

import io.gatehouse.kit.internal.KitCommand;
import java.io.PrintStream;
import java.util.Map;

/**
 * The server kit: write an MCP server as code, run it with one command, publish it into a Gatehouse
 * catalog.
 *
 * <pre>{@code
 * record FindItem(@Description("The item's SKU") String sku) {}
 * record Item(String sku, String name, int stock) {}
 *
 * public static void main(String[] args) {
 *   McpKit.run(
 *       McpKit.server("inventory", BuildVersion.of(Inventory.class))
 *           .tool("find_item", "Finds an item by SKU", FindItem.class, Item.class, Inventory::find)
 *           .keys(Keys.fromEnv("INVENTORY_KEYS")),
 *       args);
 * }
 * }</pre>
 */
public final class McpKit {
  private McpKit() {}

  /**
   * A server named {@code name} (lower case, digits, {@code . _ -}) at {@code version}; add tools
   * and keys, then {@link KitServer.Builder#start} it or hand it to {@link #run}.
   */
  public static KitServer.Builder server(String name, String version) {
    return new KitServer.Builder(name, version);
  }

  /**
   * A server's {@code main}: {@code serve [--port N] [--host H]} (the default), {@code publish
   * --catalog URL --url MCP_URL [--token T]} (the token defaults to {@code GATEHOUSE_TOKEN}),
   * {@code server-json --url MCP_URL}, {@code --help}. Exits the JVM with 1 on a failure, 2 on a
   * usage error, after printing its key, message and hint; {@code serve} returns only when the JVM
   * stops.
   */
  public static void run(KitServer.Builder server, String[] args) {
    int status = run(server, args, System.getenv(), System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * {@link #run(KitServer.Builder, String[])} without exiting: the exit status, with the
   * environment and streams given. {@code serve} blocks until the JVM stops.
   */
  public static int run(
      KitServer.Builder server,
      String[] args,
      Map<String, String> environment,
      PrintStream out,
      PrintStream err) {
    return new KitCommand(server, environment, out, err).run(args);
  }
}
