package io.gatehouse.catalog.internal.io;

import io.gatehouse.catalog.DeploymentConnections;
import io.gatehouse.catalog.ImportSummary;
import io.gatehouse.catalog.internal.CatalogContext;
import io.gatehouse.catalog.internal.CatalogHooks;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * Catalog-as-code: imports files in one transaction (all or nothing) and exports the catalog as one
 * document.
 */
public final class CatalogIo {
  private CatalogIo() {}

  /**
   * Reads and checks every file, then writes them all in one transaction.
   *
   * @param reservedRoutes route names other sources serve (the configuration file's), refused for
   *     deployments
   */
  public static ImportSummary importFiles(
      CatalogContext ctx, List<Path> files, Set<String> reservedRoutes) {
    ImportPlan plan = DocumentReader.read(files);
    CatalogHooks hooks =
        new CatalogHooks() {
          @Override
          public boolean routeTakenElsewhere(String route) {
            return reservedRoutes.contains(route) || ctx.hooks().routeTakenElsewhere(route);
          }

          @Override
          public Optional<DeploymentConnections.Upstream> connection(String project, String name) {
            return ctx.hooks().connection(project, name);
          }
        };
    Instant now = ctx.now();
    ImportSummary summary = ctx.db().write(tx -> new ImportWriter(tx, hooks, now).apply(plan));
    ctx.changed();
    return summary;
  }

  public static ObjectNode export(CatalogContext ctx) {
    return ctx.db().read(DocumentWriter::export);
  }
}
