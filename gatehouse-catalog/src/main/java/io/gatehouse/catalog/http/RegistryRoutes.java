package io.gatehouse.catalog.http;

import io.gatehouse.catalog.Catalog;
import io.gatehouse.catalog.CatalogErrors;
import io.gatehouse.catalog.CatalogException;
import io.gatehouse.catalog.Page;
import io.gatehouse.catalog.Published;
import io.gatehouse.catalog.ServerVersion;
import io.gatehouse.catalog.VersionRef;
import io.gatehouse.catalog.Viewer;
import io.gatehouse.catalog.internal.CatalogReads;
import io.gatehouse.catalog.internal.Jsons;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Which registry operation a method and path name, and what each answers. */
final class RegistryRoutes {
  private final Catalog catalog;
  private final CatalogReads reads;
  private final RegistryJson json;

  RegistryRoutes(Catalog catalog, CatalogReads reads, RegistryJson json) {
    this.catalog = catalog;
    this.reads = reads;
    this.json = json;
  }

  void route(HttpExchange ex, List<String> s, Viewer viewer) {
    if (s.equals(List.of("publish"))) {
      method(ex, "POST");
      publish(ex);
    } else if (s.equals(List.of("servers"))) {
      method(ex, "GET");
      list(ex, viewer);
    } else if (s.size() >= 2 && s.getFirst().equals("servers")) {
      ServerPath p = ServerPath.parse(s.subList(1, s.size()));
      server(ex, p.name(), p.rest(), viewer);
    } else {
      throw notFound();
    }
  }

  private void server(HttpExchange ex, String name, List<String> r, Viewer viewer) {
    if (r.equals(List.of("versions"))) {
      method(ex, "GET");
      List<ServerVersion> all =
          catalog.registry().versions(name, RegistryRequests.includeDeleted(ex), viewer);
      ex.json(200, list(all, null));
    } else if (r.size() == 2 && r.getFirst().equals("versions")) {
      method(ex, "GET", "PUT", "DELETE");
      if (!ex.method().equals("GET")) {
        throw new CatalogException(
            CatalogErrors.NOT_SUPPORTED,
            "Versions are immutable in this registry: publish a new version,"
                + " or PATCH .../status to deprecate or delete one");
      }
      ServerVersion v =
          catalog.registry().version(name, r.get(1), RegistryRequests.includeDeleted(ex), viewer);
      ex.json(200, one(v));
    } else if (r.size() == 3 && r.getFirst().equals("versions") && r.get(2).equals("status")) {
      method(ex, "PATCH");
      ServerVersion v =
          catalog
              .registry()
              .setStatus(new VersionRef(name, r.get(1)), RegistryRequests.statusChange(ex.json()));
      ex.json(200, one(v));
    } else if (r.equals(List.of("status"))) {
      method(ex, "PATCH");
      List<ServerVersion> all =
          catalog.registry().setStatusAll(name, RegistryRequests.statusChange(ex.json()));
      ObjectNode out = Jsons.MAPPER.createObjectNode().put("updatedCount", all.size());
      out.set("servers", list(all, null).get("servers"));
      ex.json(200, out);
    } else {
      throw notFound();
    }
  }

  private void list(HttpExchange ex, Viewer viewer) {
    Page<ServerVersion> page = catalog.registry().list(RegistryRequests.listQuery(ex), viewer);
    ex.json(200, list(page.items(), page.nextCursor()));
  }

  private void publish(HttpExchange ex) {
    Published p = catalog.registry().publish(ex.json());
    ObjectNode out = one(p.version());
    if (!p.warnings().isEmpty()) {
      ArrayNode warnings = out.putArray("warnings");
      p.warnings()
          .forEach(
              w ->
                  warnings
                      .addObject()
                      .put("field", w.field())
                      .put("rule", w.rule())
                      .put("message", w.message()));
    }
    ex.json(200, out);
  }

  private ObjectNode one(ServerVersion v) {
    CatalogReads.Views views = reads.views(List.of(v.ref()));
    return json.serverResponse(v, views.of(v.ref()), views.environments());
  }

  private ObjectNode list(List<ServerVersion> versions, String nextCursor) {
    CatalogReads.Views views = reads.views(versions.stream().map(ServerVersion::ref).toList());
    ObjectNode out = Jsons.MAPPER.createObjectNode();
    ArrayNode servers = out.putArray("servers");
    versions.forEach(
        v -> servers.add(json.serverResponse(v, views.of(v.ref()), views.environments())));
    ObjectNode metadata = out.putObject("metadata");
    if (nextCursor != null) {
      metadata.put("nextCursor", nextCursor);
    }
    metadata.put("count", versions.size());
    return out;
  }

  private static void method(HttpExchange ex, String... allowed) {
    if (!List.of(allowed).contains(ex.method())
        && !(ex.method().equals("HEAD") && List.of(allowed).contains("GET"))) {
      ex.header("Allow", String.join(", ", allowed) + ", OPTIONS");
      throw new CatalogException(
          CatalogErrors.METHOD_NOT_ALLOWED,
          ex.method() + " is not allowed here (expected: " + String.join(" or ", allowed) + ")");
    }
  }

  private static CatalogException notFound() {
    return new CatalogException(
        CatalogErrors.NOT_FOUND,
        "Not found: the registry serves /v0.1/servers,"
            + " /v0.1/servers/{name}/versions[/{version}|/latest] and /v0.1/publish");
  }
}
