package io.gatehouse.server;

import io.gatehouse.catalog.Catalog;
import io.gatehouse.catalog.CatalogDocuments;
import io.gatehouse.catalog.CatalogSettings;
import io.gatehouse.catalog.ImportSummary;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.server.config.GatehouseConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code gatehouse catalog import FILE...} and {@code gatehouse catalog export}: catalog-as-code
 * against the store named by the configuration ({@code storage.url}). Running servers on that store
 * pick up an import within a second (they poll the catalog revision).
 */
final class CatalogCommand {
  private static final Cli.Option OUTPUT =
      new Cli.Option("output", "o", "FILE", "write to FILE instead of standard output");
  private static final Cli.Option FORMAT =
      new Cli.Option(
          "format",
          null,
          "yaml|json",
          "output format; defaults to json for a .json output file, else yaml");

  private CatalogCommand() {}

  static Cli.Command command() {
    return Cli.Command.group(
        "catalog",
        "Catalog-as-code: import YAML/JSON catalog files into the store, or export the catalog.",
        List.of(
            Cli.Command.of(
                "import",
                "Import catalog files in one transaction: every file is checked first, and any problem writes nothing.",
                List.of(Main.CONFIG),
                "FILE...",
                1,
                CatalogCommand::importFiles),
            Cli.Command.of(
                "export",
                "Export the whole catalog as one document that imports back to the same catalog.",
                List.of(Main.CONFIG, OUTPUT, FORMAT),
                null,
                0,
                CatalogCommand::export)));
  }

  /** The work of one subcommand, given the configuration and an open catalog. */
  @FunctionalInterface
  interface Work {
    void run(GatehouseConfig config, Catalog catalog) throws IOException;
  }

  /** Opens the store and catalog the configuration names and runs {@code work}. */
  static int withCatalog(Path configFile, PrintWriter err, Work work) {
    return StoreCommand.run(
        configFile,
        err,
        (config, db) -> {
          try (Catalog catalog = Catalog.open(db, CatalogSettings.offline())) {
            // Deployments may name connections: an import looks their upstream up.
            catalog.bindConnections(
                new ConnectionBinding(
                    ConnectionsFactory.open(config, db, ConnectionsFactory.vault(config, db))));
            work.run(config, catalog);
          }
        });
  }

  private static int importFiles(Cli.Args a, PrintWriter out, PrintWriter err) {
    List<Path> files = a.operands().stream().map(Path::of).toList();
    return withCatalog(
        path(a.get("config")),
        err,
        (cfg, catalog) -> {
          Set<String> configRoutes =
              cfg.routes().stream().map(RouteDefinition::name).collect(Collectors.toSet());
          ImportSummary s = catalog.documents().importFiles(files, configRoutes);
          out.println(
              "imported "
                  + files.size()
                  + " file(s): "
                  + s.environments()
                  + " environment(s), "
                  + s.versionsPublished()
                  + " version(s) published, "
                  + s.versionsUnchanged()
                  + " unchanged, "
                  + s.deployments()
                  + " deployment(s)");
          out.println("running servers on this store apply it within a second");
        });
  }

  private static int export(Cli.Args a, PrintWriter out, PrintWriter err) {
    String format = a.get("format");
    Path output = path(a.get("output"));
    if (format != null && !format.equals("yaml") && !format.equals("json")) {
      err.println("gatehouse: --format: '" + format + "' (expected: yaml or json)");
      return 2;
    }
    return withCatalog(
        path(a.get("config")),
        err,
        (cfg, catalog) -> {
          boolean json =
              format == null
                  ? output != null && output.toString().endsWith(".json")
                  : format.equals("json");
          ByteArrayOutputStream bytes = new ByteArrayOutputStream();
          CatalogDocuments.write(catalog.documents().export(), bytes, json);
          if (output == null) {
            out.print(bytes.toString(StandardCharsets.UTF_8));
            out.flush();
          } else {
            Files.write(output, bytes.toByteArray());
          }
        });
  }

  private static Path path(String value) {
    return value == null ? null : Path.of(value);
  }
}
