package io.gatehouse.agent.model;

import static java.util.Objects.requireNonNull;

import io.gatehouse.store.Database;
import io.gatehouse.store.StoreException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token usage in the store: one {@code model_usage} row per response (its time, project, caller,
 * agent, model and tokens), and totals grouped by model, principal and agent for the usage API.
 */
public final class StoredModelUsage implements ModelUsage {
  private static final Logger log = LoggerFactory.getLogger(StoredModelUsage.class);

  private final Database db;
  private final Clock clock;

  /**
   * Tokens of one group, or of all of them.
   *
   * @param agent the stored agent, or null for responses without one
   */
  public record Row(
      String model,
      String principal,
      String agent,
      long responses,
      long inputTokens,
      long outputTokens) {
    public long totalTokens() {
      return inputTokens + outputTokens;
    }
  }

  /**
   * The usage of one project over {@code [from, to)}.
   *
   * @param rows by model, principal and agent, most tokens first
   * @param total every row summed (model, principal and agent null)
   */
  public record Report(String project, Instant from, Instant to, List<Row> rows, Row total) {
    public Report {
      rows = List.copyOf(rows);
    }
  }

  private StoredModelUsage(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Runs the agent module's migrations and opens the usage table. */
  public static StoredModelUsage open(Database db, Clock clock) {
    requireNonNull(db, "db").migrate("agent", ModelProviders.MIGRATIONS);
    return new StoredModelUsage(db, requireNonNull(clock, "clock"));
  }

  /**
   * Writes the response's row (again, with the new counts, if it was written before). The response
   * is already answered when this runs, so a store failure is logged, not thrown.
   */
  @Override
  public void record(
      String responseId,
      String project,
      String principal,
      String agent,
      String model,
      Usage usage) {
    requireNonNull(responseId, "responseId");
    UsageRows.Entry e =
        new UsageRows.Entry(
            responseId,
            ProviderRows.micros(clock.instant()),
            requireNonNull(project, "project"),
            requireNonNull(principal, "principal"),
            agent,
            requireNonNull(model, "model"),
            usage == null ? Usage.NONE : usage);
    try {
      try {
        db.write(tx -> UsageRows.insert(tx, e));
      } catch (StoreException x) {
        if (!StoreException.CONFLICT.equals(x.code())) {
          throw x;
        }
        db.write(tx -> UsageRows.update(tx, e));
      }
    } catch (StoreException x) {
      log.error(
          "model usage of response {} ({} in, {} out) not recorded: {} {}",
          responseId,
          e.usage().inputTokens(),
          e.usage().outputTokens(),
          x.code(),
          x.getMessage());
    }
  }

  /** The project's usage over {@code [from, to)}. */
  public Report report(String project, Instant from, Instant to) {
    long f = ProviderRows.micros(from);
    long t = ProviderRows.micros(to);
    List<Row> rows = db.read(tx -> UsageRows.grouped(tx, project, f, t));
    long responses = 0;
    long in = 0;
    long out = 0;
    for (Row r : rows) {
      responses += r.responses();
      in += r.inputTokens();
      out += r.outputTokens();
    }
    return new Report(project, from, to, rows, new Row(null, null, null, responses, in, out));
  }
}
