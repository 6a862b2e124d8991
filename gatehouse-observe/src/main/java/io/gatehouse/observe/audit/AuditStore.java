package io.gatehouse.observe.audit;

import static java.util.Objects.requireNonNull;

import io.gatehouse.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** The audit records in the store ({@code observe_audit}, migrations in {@code db/observe}). */
public final class AuditStore implements AuditSink {
  public static final String MIGRATIONS = "classpath:db/observe";

  private static final String COLUMNS =
      "at, id, principal, project, route, session, entry, method, request_id, target, decision,"
          + " error_key, status, upstream_status, latency_us, upstream_us, bytes_in, bytes_out,"
          + " arguments, result";

  private static final String INSERT =
      "INSERT INTO observe_audit ("
          + COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private final Database db;

  private AuditStore(Database db) {
    this.db = db;
  }

  /** The audit log of {@code db}, its tables brought up to date. */
  public static AuditStore open(Database db) {
    requireNonNull(db, "db").migrate("observe", MIGRATIONS);
    return new AuditStore(db);
  }

  /** Stores {@code records} in one transaction. */
  @Override
  public void insert(List<AuditRecord> records) {
    List<Object[]> rows = new ArrayList<>(records.size());
    for (AuditRecord r : records) {
      rows.add(
          new Object[] {
            r.at(),
            r.id(),
            r.principal(),
            r.project(),
            r.route(),
            r.session(),
            r.entry(),
            r.method(),
            r.requestId(),
            r.target(),
            r.decision().wireName(),
            r.errorKey(),
            r.status(),
            r.upstreamStatus(),
            r.latencyMicros(),
            r.upstreamMicros(),
            r.bytesIn(),
            r.bytesOut(),
            r.arguments(),
            r.result()
          });
    }
    db.write(
        tx -> {
          tx.batch(INSERT, rows);
          return null;
        });
  }

  /** Deletes the records from before {@code before} (epoch ms); returns how many. */
  @Override
  public int purge(long before) {
    return db.write(tx -> tx.update("DELETE FROM observe_audit WHERE at < ?", before));
  }

  /** One page of the records {@code q} selects, newest first. */
  public AuditPage page(AuditQuery q) {
    Where w = where(q);
    if (q.after() != null) {
      w.add("(at < ? OR (at = ? AND id < ?))", q.after().at(), q.after().at(), q.after().id());
    }
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM observe_audit"
            + w.sql()
            + " ORDER BY at DESC, id DESC LIMIT "
            + (q.limit() + 1);
    List<AuditRecord> rows = db.read(tx -> tx.list(sql, AuditStore::row, w.args()));
    if (rows.size() <= q.limit()) {
      return new AuditPage(rows, null);
    }
    List<AuditRecord> page = rows.subList(0, q.limit());
    AuditRecord last = page.getLast();
    return new AuditPage(page, new AuditQuery.Position(last.at(), last.id()));
  }

  /**
   * Hands each record from {@code from} (inclusive) to {@code to} (exclusive) of callers in {@code
   * projects} (null: all) to {@code each}, oldest first, without arguments and results, reading
   * them as a stream rather than a list; stops after {@code max} and returns how many it handed.
   */
  public long scan(long from, long to, Set<String> projects, long max, Consumer<AuditRecord> each) {
    AuditQuery q = new AuditQuery(null, null, null, null, null, from, to, projects, 1, null);
    Where w = where(q);
    String sql =
        "SELECT "
            + COLUMNS.replace("arguments, result", "NULL AS arguments, NULL AS result")
            + " FROM observe_audit"
            + w.sql()
            + " ORDER BY at, id";
    return db.read(
        tx -> {
          var c = tx.connection();
          boolean auto = c.getAutoCommit();
          c.setAutoCommit(false); // PostgreSQL streams with a fetch size only in a transaction
          try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setFetchSize(1000);
            Object[] args = w.args();
            for (int i = 0; i < args.length; i++) {
              st.setObject(i + 1, args[i]);
            }
            long n = 0;
            try (ResultSet rs = st.executeQuery()) {
              while (n < max && rs.next()) {
                each.accept(row(rs));
                n++;
              }
            }
            return n;
          } finally {
            c.commit();
            c.setAutoCommit(auto);
          }
        });
  }

  private static Where where(AuditQuery q) {
    Where w = new Where();
    if (q.route() != null) {
      w.add("route = ?", q.route());
    }
    if (q.principal() != null) {
      w.add("principal = ?", q.principal());
    }
    if (q.tool() != null) {
      w.add("target = ?", q.tool());
    }
    if (q.decision() != null) {
      w.add("decision = ?", q.decision().wireName());
    }
    if (q.key() != null) {
      w.add("error_key = ?", q.key());
    }
    if (q.since() != null) {
      w.add("at >= ?", q.since());
    }
    if (q.until() != null) {
      w.add("at < ?", q.until());
    }
    if (q.projects() != null) {
      if (q.projects().isEmpty()) {
        w.add("1 = 0");
      } else {
        w.add(
            "project IN ("
                + String.join(", ", java.util.Collections.nCopies(q.projects().size(), "?"))
                + ")",
            q.projects().stream().sorted().toArray());
      }
    }
    return w;
  }

  private static AuditRecord row(ResultSet rs) throws SQLException {
    return new AuditRecord(
        rs.getString("id"),
        rs.getLong("at"),
        rs.getString("principal"),
        rs.getString("project"),
        rs.getString("route"),
        rs.getString("session"),
        rs.getString("entry"),
        rs.getString("method"),
        rs.getString("request_id"),
        rs.getString("target"),
        Decision.fromWire(rs.getString("decision")),
        rs.getString("error_key"),
        rs.getInt("status"),
        rs.getInt("upstream_status"),
        rs.getLong("latency_us"),
        rs.getLong("upstream_us"),
        rs.getLong("bytes_in"),
        rs.getLong("bytes_out"),
        rs.getString("arguments"),
        rs.getString("result"));
  }
}
