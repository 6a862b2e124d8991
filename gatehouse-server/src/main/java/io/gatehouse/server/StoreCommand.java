package io.gatehouse.server;

import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.Problem;
import io.gatehouse.server.config.ConfigException;
import io.gatehouse.server.config.ConfigLoader;
import io.gatehouse.server.config.GatehouseConfig;
import io.gatehouse.store.Database;
import io.gatehouse.store.StoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.format.DateTimeParseException;

/**
 * What the commands that work on the store ({@code catalog}, {@code consumers}, {@code keys})
 * share: load the configuration, open the store it names, run, and turn failures into one line on
 * standard error and an exit code (2 for bad configuration, store or arguments, 1 for a refused
 * operation).
 */
final class StoreCommand {
  private StoreCommand() {}

  /** The work of one subcommand, given the configuration and the open store. */
  @FunctionalInterface
  interface Work {
    void run(GatehouseConfig config, Database db) throws IOException;
  }

  static int run(Path configFile, PrintWriter err, Work work) {
    try {
      GatehouseConfig config = new ConfigLoader(System.getenv()).load(configFile);
      try (Database db = Database.open(config.storageUrl())) {
        work.run(config, db);
        return 0;
      }
    } catch (ConfigException e) {
      err.println("gatehouse: " + ConfigException.KEY + ": " + e.getMessage());
      return 2;
    } catch (StoreException e) {
      err.println("gatehouse: " + e.code() + ": " + e.getMessage());
      return 2;
    } catch (GatehouseException e) {
      err.println("gatehouse: " + e.error().key() + ": " + e.getMessage());
      e.details().stream().map(Problem::message).forEach(m -> err.println("  - " + m));
      return 1;
    } catch (IllegalArgumentException | DateTimeParseException e) {
      err.println("gatehouse: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("gatehouse: " + e.getMessage());
      return 1;
    }
  }
}
