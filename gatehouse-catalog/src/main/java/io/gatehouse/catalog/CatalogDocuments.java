package io.gatehouse.catalog;

import static java.util.Objects.requireNonNull;

import io.gatehouse.catalog.internal.CatalogContext;
import io.gatehouse.catalog.internal.Jsons;
import io.gatehouse.catalog.internal.io.CatalogIo;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Catalog-as-code: the catalog as YAML (or JSON) files kept in version control. {@link
 * #importFiles} reads every file, reports every problem with its file and field, and writes all of
 * them in one transaction or nothing; {@link #export} writes a document that imports back into the
 * same catalog. Format: {@code docs/catalog.md}.
 */
public final class CatalogDocuments {
  /**
   * Plain YAML for people: no document marker, quotes only where a string would otherwise read as
   * something else.
   */
  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
          .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
          .enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
          .build();

  private final CatalogContext ctx;

  CatalogDocuments(CatalogContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Imports {@code files}; nothing is written unless all of them are valid and consistent.
   *
   * @param reservedRoutes route names served from elsewhere (the configuration file), which
   *     deployments may not take
   * @throws CatalogException {@link CatalogErrors#IMPORT_INVALID} listing every problem, or the
   *     error of the first step the store refused, named with its file and field
   */
  public ImportSummary importFiles(List<Path> files, Set<String> reservedRoutes) {
    requireNonNull(files, "files");
    requireNonNull(reservedRoutes, "reservedRoutes");
    return CatalogIo.importFiles(ctx, List.copyOf(files), Set.copyOf(reservedRoutes));
  }

  public JsonNode export() {
    return CatalogIo.export(ctx);
  }

  /** Writes a document as YAML, or as JSON when {@code json} is set. */
  public static void write(JsonNode document, OutputStream out, boolean json) {
    if (json) {
      Jsons.MAPPER.writerWithDefaultPrettyPrinter().writeValue(out, document);
    } else {
      YAML.writeValue(out, document);
    }
  }
}
