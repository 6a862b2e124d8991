package io.gatehouse.catalog;

import java.time.Instant;

/**
 * A page request for {@code GET /v0.1/servers}.
 *
 * @param cursor the previous page's {@code nextCursor} ({@code name:version}), or null for the
 *     first page
 * @param limit 1 to {@value #MAX_LIMIT}
 * @param search a case-insensitive substring of the name or description, or null
 * @param updatedSince only versions updated after this instant, or null
 * @param version {@code latest} for latest versions only, an exact version, or null for all
 * @param includeDeleted whether deleted versions are listed
 */
public record ServerQuery(
    String cursor,
    int limit,
    String search,
    Instant updatedSince,
    String version,
    boolean includeDeleted) {
  public static final int DEFAULT_LIMIT = 30;
  public static final int MAX_LIMIT = 100;

  public ServerQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new CatalogException(
          CatalogErrors.INVALID_REQUEST, "limit: " + limit + " (expected: 1 to " + MAX_LIMIT + ")");
    }
    search = search == null || search.isBlank() ? null : search.trim();
    version = version == null || version.isBlank() ? null : version;
  }

  /** The first page of everything that is not deleted, {@value #DEFAULT_LIMIT} at a time. */
  public static ServerQuery firstPage() {
    return new ServerQuery(null, DEFAULT_LIMIT, null, null, null, false);
  }

  public boolean latestOnly() {
    return "latest".equals(version);
  }
}
