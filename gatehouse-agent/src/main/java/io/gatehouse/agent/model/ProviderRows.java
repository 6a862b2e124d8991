package io.gatehouse.agent.model;

import io.gatehouse.store.Tx;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** The {@code model_providers} table: one row per provider, no key in it. Times in microseconds. */
final class ProviderRows {
  private static final String COLUMNS =
      "name, base_url, api, api_key_kind, api_key_secret, models, timeout_ms, retries, managed_by,"
          + " created_at, updated_at";

  private ProviderRows() {}

  static List<ModelProvider> all(Tx tx) throws SQLException {
    return tx.list("SELECT " + COLUMNS + " FROM model_providers ORDER BY name", ProviderRows::map);
  }

  static Optional<ModelProvider> find(Tx tx, String name) throws SQLException {
    return tx.first(
        "SELECT " + COLUMNS + " FROM model_providers WHERE name = ?", ProviderRows::map, name);
  }

  static void insert(Tx tx, ModelProvider p) throws SQLException {
    tx.update(
        "INSERT INTO model_providers (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        values(p));
  }

  static boolean update(Tx tx, ModelProvider p) throws SQLException {
    Object[] v = values(p);
    return tx.update(
            "UPDATE model_providers SET base_url = ?, api = ?, api_key_kind = ?,"
                + " api_key_secret = ?, models = ?, timeout_ms = ?, retries = ?, managed_by = ?,"
                + " updated_at = ? WHERE name = ?",
            v[1],
            v[2],
            v[3],
            v[4],
            v[5],
            v[6],
            v[7],
            v[8],
            v[10],
            v[0])
        == 1;
  }

  static boolean delete(Tx tx, String name) throws SQLException {
    return tx.update("DELETE FROM model_providers WHERE name = ?", name) == 1;
  }

  private static Object[] values(ModelProvider p) {
    String kind =
        switch (p.apiKey()) {
          case ModelProvider.ApiKey.None n -> "none";
          case ModelProvider.ApiKey.VaultSecret s -> "secret";
          case ModelProvider.ApiKey.Stored s -> "stored";
        };
    String secret = p.apiKey() instanceof ModelProvider.ApiKey.VaultSecret s ? s.name() : null;
    return new Object[] {
      p.name(),
      p.baseUrl().toString(),
      p.api().wireName(),
      kind,
      secret,
      ChatWire.JSON.writeValueAsString(p.models()),
      p.timeout().toMillis(),
      (long) p.retries(),
      p.managedBy(),
      micros(p.createdAt()),
      micros(p.updatedAt())
    };
  }

  private static ModelProvider map(ResultSet rs) throws SQLException {
    ModelProvider.ApiKey key =
        switch (rs.getString("api_key_kind")) {
          case "secret" -> new ModelProvider.ApiKey.VaultSecret(rs.getString("api_key_secret"));
          case "stored" -> new ModelProvider.ApiKey.Stored();
          default -> new ModelProvider.ApiKey.None();
        };
    List<String> models = new ArrayList<>();
    for (JsonNode m : ChatWire.JSON.readTree(rs.getString("models"))) {
      models.add(m.stringValue());
    }
    return new ModelProvider(
        rs.getString("name"),
        URI.create(rs.getString("base_url")),
        ModelProvider.Api.fromWire(rs.getString("api")),
        key,
        models,
        Duration.ofMillis(rs.getLong("timeout_ms")),
        (int) rs.getLong("retries"),
        rs.getString("managed_by"),
        instant(rs.getLong("created_at")),
        instant(rs.getLong("updated_at")));
  }

  static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000L);
  }
}
