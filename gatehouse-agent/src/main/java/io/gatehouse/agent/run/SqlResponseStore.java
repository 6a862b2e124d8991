package io.gatehouse.agent.run;

import io.gatehouse.store.Database;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Responses in the store's {@code agent_responses} table (SQLite or PostgreSQL). */
public final class SqlResponseStore implements ResponseStore {
  static final String MIGRATIONS = "classpath:db/agent";
  private static final JsonMapper JSON = JsonMapper.shared();

  private final Database db;

  private SqlResponseStore(Database db) {
    this.db = db;
  }

  /** Brings the agent runtime's tables up to date and opens the responses in them. */
  public static SqlResponseStore open(Database db) {
    db.migrate("agent", MIGRATIONS);
    return new SqlResponseStore(db);
  }

  @Override
  public void save(StoredResponse r) {
    db.write(
        tx -> {
          tx.update("DELETE FROM agent_responses WHERE id = ?", r.id());
          return tx.update(
              "INSERT INTO agent_responses (id, owner, project, created_at, expires_at, body, input,"
                  + " state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              r.id(),
              r.owner(),
              r.project(),
              micros(r.createdAt()),
              micros(r.expiresAt()),
              JSON.writeValueAsString(r.body()),
              JSON.writeValueAsString(r.input()),
              JSON.writeValueAsString(r.state()));
        });
  }

  @Override
  public Optional<StoredResponse> find(String id, String owner, Instant now) {
    return db.read(
        tx ->
            tx.first(
                "SELECT id, owner, project, created_at, expires_at, body, input, state FROM"
                    + " agent_responses WHERE id = ? AND owner = ? AND expires_at > ?",
                rs ->
                    new StoredResponse(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        instant(rs.getLong(4)),
                        instant(rs.getLong(5)),
                        (ObjectNode) JSON.readTree(rs.getString(6)),
                        (ArrayNode) JSON.readTree(rs.getString(7)),
                        (ObjectNode) JSON.readTree(rs.getString(8))),
                id,
                owner,
                micros(now)));
  }

  @Override
  public boolean delete(String id, String owner) {
    return db.write(
            tx -> tx.update("DELETE FROM agent_responses WHERE id = ? AND owner = ?", id, owner))
        > 0;
  }

  @Override
  public int purge(Instant now) {
    return db.write(
        tx -> tx.update("DELETE FROM agent_responses WHERE expires_at <= ?", micros(now)));
  }

  private static long micros(Instant i) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, i);
  }

  private static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }
}
