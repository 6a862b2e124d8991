package io.gatehouse.catalog;

import static java.util.Objects.requireNonNull;

import io.gatehouse.catalog.internal.AttachmentWrites;
import io.gatehouse.catalog.internal.AuthSchemeRows;
import io.gatehouse.catalog.internal.CatalogContext;
import io.gatehouse.catalog.internal.Lookups;
import java.time.Instant;
import java.util.List;

/**
 * Auth schemes attached to versions: how a client authenticates (never the credentials themselves).
 */
public final class AuthSchemes {
  private final CatalogContext ctx;

  AuthSchemes(CatalogContext ctx) {
    this.ctx = ctx;
  }

  public List<AttachedAuthScheme> of(VersionRef version) {
    requireNonNull(version, "version");
    return ctx.db()
        .read(
            tx -> {
              Lookups.version(tx, version);
              return AuthSchemeRows.of(tx, version);
            });
  }

  public AttachedAuthScheme get(String id) {
    return ctx.db()
        .read(tx -> AuthSchemeRows.find(tx, requireNonNull(id, "id")))
        .orElseThrow(() -> notFound(id));
  }

  /**
   * Attaches a scheme; {@link CatalogErrors#AUTH_SCHEME_EXISTS} if the version has one of that
   * name.
   */
  public AttachedAuthScheme attach(VersionRef version, AuthScheme scheme) {
    requireNonNull(version, "version");
    requireNonNull(scheme, "scheme");
    Instant now = ctx.now();
    return ctx.db().write(tx -> AttachmentWrites.authScheme(tx, version, scheme, true, now));
  }

  public void detach(String id) {
    ctx.db()
        .write(
            tx -> {
              if (!AuthSchemeRows.delete(tx, requireNonNull(id, "id"))) {
                throw notFound(id);
              }
              return null;
            });
  }

  private static CatalogException notFound(String id) {
    return new CatalogException(
        CatalogErrors.AUTH_SCHEME_NOT_FOUND, "auth scheme '" + id + "' does not exist");
  }
}
