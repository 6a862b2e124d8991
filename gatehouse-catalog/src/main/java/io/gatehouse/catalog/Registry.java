package io.gatehouse.catalog;

import static java.util.Objects.requireNonNull;

import io.gatehouse.catalog.internal.AccessRuleRows;
import io.gatehouse.catalog.internal.CatalogContext;
import io.gatehouse.catalog.internal.Publishing;
import io.gatehouse.catalog.internal.RevisionRows;
import io.gatehouse.catalog.internal.VersionPages;
import io.gatehouse.catalog.internal.VersionRows;
import io.gatehouse.store.StoreException;
import io.gatehouse.store.Tx;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The MCP registry side of the catalog: publish server.json documents, list and read versions, and
 * move versions through their lifecycle (active, deprecated, deleted). Versions are immutable once
 * published.
 */
public final class Registry {
  private final CatalogContext ctx;

  Registry(CatalogContext ctx) {
    this.ctx = ctx;
  }

  /** Validates and stores a new version. */
  public Published publish(JsonNode document) {
    requireNonNull(document, "document");
    Validation v = Publishing.validate(document);
    ObjectNode copy = (ObjectNode) document.deepCopy();
    Instant now = ctx.now();
    try {
      return new Published(ctx.db().write(tx -> Publishing.publish(tx, copy, now)), v.warnings());
    } catch (StoreException e) {
      throw StoreException.CONFLICT.equals(e.code()) ? Publishing.exists(Publishing.ref(copy)) : e;
    }
  }

  /**
   * Publishes many documents in one transaction, for seeding large catalogs (benchmarks, migrations
   * from another registry): all of them or, on the first invalid or existing one, none.
   */
  public List<ServerVersion> publishAll(List<? extends JsonNode> documents) {
    List<ObjectNode> copies = new ArrayList<>();
    for (JsonNode d : documents) {
      Publishing.validate(d);
      copies.add((ObjectNode) d.deepCopy());
    }
    Instant now = ctx.now();
    return ctx.db()
        .write(
            tx -> {
              List<ServerVersion> out = new ArrayList<>();
              for (ObjectNode d : copies) {
                out.add(Publishing.publish(tx, d, now));
              }
              return out;
            });
  }

  public Page<ServerVersion> list(ServerQuery query) {
    return list(query, Viewer.EVERYTHING);
  }

  /** A page of the versions {@code viewer} may discover. */
  public Page<ServerVersion> list(ServerQuery query, Viewer viewer) {
    requireNonNull(query, "query");
    requireNonNull(viewer, "viewer");
    return ctx.db().read(tx -> VersionPages.page(tx, query, viewer));
  }

  /** Every version of a server, newest publication first. */
  public List<ServerVersion> versions(String server, boolean includeDeleted) {
    return versions(server, includeDeleted, Viewer.EVERYTHING);
  }

  /**
   * Every version of a server {@code viewer} may discover; a server with none is not found, as if
   * it did not exist.
   */
  public List<ServerVersion> versions(String server, boolean includeDeleted, Viewer viewer) {
    requireNonNull(server, "server");
    requireNonNull(viewer, "viewer");
    List<ServerVersion> shown =
        ctx.db()
            .read(
                tx -> {
                  List<ServerVersion> out = new ArrayList<>();
                  for (ServerVersion v : VersionRows.ofServer(tx, server)) {
                    if ((includeDeleted || v.status() != VersionStatus.DELETED)
                        && visible(tx, v, viewer)) {
                      out.add(v);
                    }
                  }
                  return out;
                });
    if (shown.isEmpty()) {
      throw serverNotFound(server);
    }
    return shown;
  }

  /** One version; {@code latest} names the latest one. */
  public ServerVersion version(String server, String version, boolean includeDeleted) {
    return version(server, version, includeDeleted, Viewer.EVERYTHING);
  }

  /**
   * One version, if {@code viewer} may discover it; else not found, exactly as if it did not exist.
   */
  public ServerVersion version(
      String server, String version, boolean includeDeleted, Viewer viewer) {
    requireNonNull(server, "server");
    requireNonNull(version, "version");
    requireNonNull(viewer, "viewer");
    ServerVersion found =
        ctx.db()
            .<ServerVersion>read(
                tx -> {
                  Optional<ServerVersion> v =
                      "latest".equals(version)
                          ? VersionRows.latest(tx, server)
                          : VersionRows.find(tx, new VersionRef(server, version));
                  return v.isPresent() && visible(tx, v.get(), viewer) ? v.get() : null;
                });
    if (found == null || found.status() == VersionStatus.DELETED && !includeDeleted) {
      throw new CatalogException(
          CatalogErrors.VERSION_NOT_FOUND,
          "Server not found: no version "
              + version
              + " of "
              + server
              + (found == null ? "" : " (it is deleted; add include_deleted=true to see it)"));
    }
    return found;
  }

  private static boolean visible(Tx tx, ServerVersion v, Viewer viewer) throws SQLException {
    return viewer.everything() || viewer.sees(AccessRuleRows.of(tx, v.ref()));
  }

  /** Changes one version's status. */
  public ServerVersion setStatus(VersionRef ref, StatusChange change) {
    requireNonNull(ref, "ref");
    requireNonNull(change, "change");
    Instant now = ctx.now();
    ServerVersion updated =
        ctx.db()
            .write(
                tx -> {
                  ServerVersion v =
                      VersionRows.find(tx, ref)
                          .orElseThrow(
                              () ->
                                  new CatalogException(
                                      CatalogErrors.VERSION_NOT_FOUND,
                                      "Server version not found: " + ref));
                  if (v.status() == change.status()
                      && Objects.equals(v.statusMessage(), change.message())) {
                    throw new CatalogException(
                        CatalogErrors.NO_CHANGE,
                        "No changes to apply: status is already " + v.status().wire());
                  }
                  VersionRows.setStatus(tx, ref, change, now);
                  Publishing.afterChange(tx, ref.server(), now);
                  RevisionRows.bump(tx);
                  return VersionRows.find(tx, ref).orElseThrow();
                });
    ctx.changed();
    return updated;
  }

  /** Changes the status of every version of a server in one transaction; returns them all. */
  public List<ServerVersion> setStatusAll(String server, StatusChange change) {
    requireNonNull(server, "server");
    requireNonNull(change, "change");
    Instant now = ctx.now();
    List<ServerVersion> updated =
        ctx.db()
            .write(
                tx -> {
                  List<ServerVersion> all = VersionRows.ofServer(tx, server);
                  if (all.isEmpty()) {
                    throw serverNotFound(server);
                  }
                  for (ServerVersion v : all) {
                    VersionRows.setStatus(tx, v.ref(), change, now);
                  }
                  Publishing.afterChange(tx, server, now);
                  RevisionRows.bump(tx);
                  return VersionRows.ofServer(tx, server);
                });
    ctx.changed();
    return updated;
  }

  private static CatalogException serverNotFound(String server) {
    return new CatalogException(CatalogErrors.SERVER_NOT_FOUND, "Server not found: " + server);
  }
}
