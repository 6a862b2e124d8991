package io.gatehouse.catalog.internal;

import io.gatehouse.catalog.AttachedAuthScheme;
import io.gatehouse.catalog.AuthScheme;
import io.gatehouse.catalog.VersionRef;
import io.gatehouse.store.Tx;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code catalog_auth_schemes} table: one row per scheme, the variant's fields in their own
 * columns.
 */
public final class AuthSchemeRows {
  static final String COLUMNS =
      "id, server_name, version, name, type, api_key_in, api_key_name, authorization_url,"
          + " token_url, scopes, bearer_format, description, created_at, client_id";

  private AuthSchemeRows() {}

  static AttachedAuthScheme map(ResultSet rs) throws SQLException {
    String name = rs.getString("name");
    String description = rs.getString("description");
    AuthScheme scheme =
        switch (rs.getString("type")) {
          case "api-key" ->
              new AuthScheme.ApiKey(
                  name,
                  AuthScheme.Location.valueOf(rs.getString("api_key_in").toUpperCase(Locale.ROOT)),
                  rs.getString("api_key_name"),
                  description);
          case "oauth2" ->
              new AuthScheme.OAuth2(
                  name,
                  uri(rs.getString("authorization_url")),
                  uri(rs.getString("token_url")),
                  rs.getString("scopes") == null || rs.getString("scopes").isEmpty()
                      ? List.of()
                      : Arrays.asList(rs.getString("scopes").split(" ")),
                  description,
                  rs.getString("client_id"));
          default -> new AuthScheme.HttpBearer(name, rs.getString("bearer_format"), description);
        };
    return new AttachedAuthScheme(
        rs.getString("id"),
        new VersionRef(rs.getString("server_name"), rs.getString("version")),
        scheme,
        Micros.instant(rs.getLong("created_at")));
  }

  public static List<AttachedAuthScheme> of(Tx tx, VersionRef ref) throws SQLException {
    return tx.list(
        "SELECT "
            + COLUMNS
            + " FROM catalog_auth_schemes WHERE server_name = ? AND version = ? ORDER BY name",
        AuthSchemeRows::map,
        ref.server(),
        ref.version());
  }

  public static List<AttachedAuthScheme> all(Tx tx) throws SQLException {
    return tx.list(
        "SELECT " + COLUMNS + " FROM catalog_auth_schemes ORDER BY server_name, version, name",
        AuthSchemeRows::map);
  }

  public static Optional<AttachedAuthScheme> find(Tx tx, String id) throws SQLException {
    return tx.first(
        "SELECT " + COLUMNS + " FROM catalog_auth_schemes WHERE id = ?", AuthSchemeRows::map, id);
  }

  public static Optional<AttachedAuthScheme> find(Tx tx, VersionRef ref, String name)
      throws SQLException {
    return tx.first(
        "SELECT "
            + COLUMNS
            + " FROM catalog_auth_schemes WHERE server_name = ? AND version = ? AND name = ?",
        AuthSchemeRows::map,
        ref.server(),
        ref.version(),
        name);
  }

  public static void insert(Tx tx, AttachedAuthScheme a) throws SQLException {
    AuthScheme s = a.scheme();
    Object[] variant =
        switch (s) {
          case AuthScheme.ApiKey k ->
              new Object[] {
                k.in().name().toLowerCase(Locale.ROOT), k.parameter(), null, null, null, null
              };
          case AuthScheme.OAuth2 o ->
              new Object[] {
                null,
                null,
                o.authorizationUrl() == null ? null : o.authorizationUrl().toString(),
                o.tokenUrl().toString(),
                String.join(" ", o.scopes()),
                null
              };
          case AuthScheme.HttpBearer b ->
              new Object[] {null, null, null, null, null, b.bearerFormat()};
        };
    tx.update(
        "INSERT INTO catalog_auth_schemes ("
            + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        a.id(),
        a.version().server(),
        a.version().version(),
        s.name(),
        s.type(),
        variant[0],
        variant[1],
        variant[2],
        variant[3],
        variant[4],
        variant[5],
        s.description(),
        Micros.of(a.createdAt()),
        s instanceof AuthScheme.OAuth2 o ? o.clientId() : null);
  }

  public static boolean delete(Tx tx, String id) throws SQLException {
    return tx.update("DELETE FROM catalog_auth_schemes WHERE id = ?", id) == 1;
  }

  private static URI uri(String s) {
    return s == null ? null : URI.create(s);
  }
}
