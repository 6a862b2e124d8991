package io.gatehouse.examples.inventory;

import io.gatehouse.kit.BuildVersion;
import io.gatehouse.kit.Description;
import io.gatehouse.kit.Keys;
import io.gatehouse.kit.KitServer;
import io.gatehouse.kit.McpKit;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An MCP server written with the Gatehouse server kit. Run it with one command:
 *
 * <pre>{@code
 * INVENTORY_KEYS=$(openssl rand -hex 24) java -jar target/inventory-server.jar --port 3001
 * }</pre>
 *
 * and publish it into a Gatehouse catalog with {@code publish --catalog URL --url MCP_URL}.
 */
public final class InventoryServer {
  private InventoryServer() {}

  /** The arguments of {@code count_stock}, a tool written as a lambda. */
  public record CountStock(
      @Description("Only this category") Optional<Inventory.Category> category) {}

  /** The server, its keys from {@code keys}. */
  public static KitServer.Builder server(Keys keys) {
    Inventory inventory = new Inventory();
    return McpKit.server("inventory", BuildVersion.of(InventoryServer.class))
        .registryName("io.gatehouse.examples/inventory")
        .description("Items and stock of a small warehouse")
        .tools(inventory)
        .tool(
            "count_stock",
            "Counts the units in stock, of one category or all",
            CountStock.class,
            args -> inventory.countByCategory(args.category()))
        .keys(keys);
  }

  /**
   * Keys from {@code INVENTORY_KEYS_FILE} (one per line) when it is set, else from {@code
   * INVENTORY_KEYS} (comma-separated).
   */
  public static void main(String[] args) {
    String file = System.getenv("INVENTORY_KEYS_FILE");
    Keys keys = file == null ? Keys.fromEnv("INVENTORY_KEYS") : Keys.fromFile(Path.of(file));
    McpKit.run(server(keys), args);
  }
}
