package io.gatehouse.agent.model;

import io.gatehouse.store.Tx;
import java.sql.SQLException;
import java.util.List;

/** The {@code model_usage} table: one row per response; times in microseconds. */
final class UsageRows {
  private UsageRows() {}

  record Entry(
      String responseId,
      long at,
      String project,
      String principal,
      String agent,
      String model,
      Usage usage) {}

  static Void insert(Tx tx, Entry e) throws SQLException {
    tx.update(
        "INSERT INTO model_usage (response_id, at, project, principal, agent, model, input_tokens,"
            + " output_tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        e.responseId(),
        e.at(),
        e.project(),
        e.principal(),
        e.agent(),
        e.model(),
        e.usage().inputTokens(),
        e.usage().outputTokens());
    return null;
  }

  static Void update(Tx tx, Entry e) throws SQLException {
    tx.update(
        "UPDATE model_usage SET input_tokens = ?, output_tokens = ?, model = ? WHERE response_id = ?",
        e.usage().inputTokens(),
        e.usage().outputTokens(),
        e.model(),
        e.responseId());
    return null;
  }

  static List<StoredModelUsage.Row> grouped(Tx tx, String project, long from, long to)
      throws SQLException {
    return tx.list(
        "SELECT model, principal, agent, COUNT(*) AS responses, SUM(input_tokens) AS input_tokens,"
            + " SUM(output_tokens) AS output_tokens FROM model_usage"
            + " WHERE project = ? AND at >= ? AND at < ? GROUP BY model, principal, agent"
            + " ORDER BY SUM(input_tokens) + SUM(output_tokens) DESC, model, principal, agent",
        rs ->
            new StoredModelUsage.Row(
                rs.getString("model"),
                rs.getString("principal"),
                rs.getString("agent"),
                rs.getLong("responses"),
                rs.getLong("input_tokens"),
                rs.getLong("output_tokens")),
        project,
        from,
        to);
  }
}
