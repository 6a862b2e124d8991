package io.gatehouse.agent.approve;

import static java.util.Objects.requireNonNull;

import io.gatehouse.store.Database;
import io.gatehouse.store.Tx;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The approval store on the project's database (table {@code approvals}): every replica reads and
 * answers the same rows, and each answer happens once ({@code UPDATE ... WHERE state = 'PENDING'}).
 * A pending approval past its expiry reads as {@link Approval.State#EXPIRED}.
 *
 * <p>A call held on this replica learns its answer through {@link #hold}: at once when the answer
 * is given here, and from a poll of the store (every {@code pollEvery}, only while something is
 * held) when it is given on another replica. That is how an approval "arriving elsewhere" reaches
 * the held call (DESIGN §5): through the shared store rather than a peer port; the approval names
 * the holding replica ({@link Approval#replica()}) so the API can say where a call waits.
 */
public final class Approvals implements ApprovalStore, AutoCloseable {
  /** Where the agent module's migrations are. */
  public static final String MIGRATIONS = "classpath:db/agent";

  /** How often a replica holding calls looks for answers given elsewhere. */
  public static final Duration POLL = Duration.ofMillis(250);

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String COLUMNS =
      "id, kind, owner, project, route, server_label, tool, arguments, created_at, expires_at,"
          + " state, decided_by, reason, replica";

  private final Database db;
  private final Clock clock;
  private final String replica;
  private final List<Consumer<Approval>> listeners = new CopyOnWriteArrayList<>();
  private final HeldCalls held;

  private Approvals(Database db, Clock clock, String replica, Duration pollEvery) {
    this.db = db;
    this.clock = clock;
    this.replica = replica;
    this.held = new HeldCalls(this, pollEvery);
  }

  /**
   * Opens the store on {@code db}, bringing its table up to date.
   *
   * @param replica the name of this process, written into the approvals of the calls it holds
   */
  public static Approvals open(Database db, Clock clock, String replica) {
    return open(db, clock, replica, POLL);
  }

  /** The same, polling for answers given elsewhere every {@code pollEvery}. */
  public static Approvals open(Database db, Clock clock, String replica, Duration pollEvery) {
    requireNonNull(db, "db");
    requireNonNull(clock, "clock");
    requireNonNull(replica, "replica");
    if (pollEvery.isNegative()
        || pollEvery.isZero()
        || pollEvery.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException("pollEvery: " + pollEvery + " (expected: > 0 and <= 1s)");
    }
    db.migrate("agent", MIGRATIONS);
    return new Approvals(db, clock, replica, pollEvery);
  }

  /** A new approval id: {@code prefix} and 128 random bits in hex. */
  public static String newId(String prefix) {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return prefix + HexFormat.of().formatHex(b);
  }

  /**
   * A name for this process among the replicas: the host name (from {@code HOSTNAME}, as containers
   * set it), the process id and a random suffix, so two servers in one process differ.
   */
  public static String replicaName() {
    String host = System.getenv("HOSTNAME");
    byte[] b = new byte[3];
    RANDOM.nextBytes(b);
    return (host == null || host.isBlank() ? "gatehouse" : host.strip())
        + "-"
        + ProcessHandle.current().pid()
        + "-"
        + HexFormat.of().formatHex(b);
  }

  /** The name of this replica. */
  public String replica() {
    return replica;
  }

  @Override
  public void create(Approval approval) {
    create(approval, List.of());
  }

  /**
   * Records a new pending approval with the people who may answer it ({@code group:NAME}, {@code
   * role:ROLE}, {@code user:NAME}; empty for the agent runtime's, which its response answers).
   */
  public void create(Approval approval, List<String> approvers) {
    requireNonNull(approval, "approval");
    if (approval.state() != Approval.State.PENDING) {
      throw new IllegalArgumentException("state: " + approval.state() + " (expected: PENDING)");
    }
    String list = approvers.isEmpty() ? null : String.join("\n", approvers);
    db.write(
        tx ->
            tx.update(
                "INSERT INTO approvals ("
                    + COLUMNS
                    + ", approvers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                approval.id(),
                approval.kind().name(),
                approval.owner(),
                approval.project(),
                approval.route(),
                approval.serverLabel(),
                approval.tool(),
                approval.arguments(),
                micros(approval.createdAt()),
                micros(approval.expiresAt()),
                Approval.State.PENDING.name(),
                null,
                null,
                approval.replica(),
                list));
  }

  @Override
  public Optional<Approval> find(String id) {
    requireNonNull(id, "id");
    return db.read(tx -> find(tx, id));
  }

  /** Who may answer approval {@code id}, as its policy named them; empty when none is named. */
  public List<String> approvers(String id) {
    return db.read(
        tx ->
            tx.first("SELECT approvers FROM approvals WHERE id = ?", r -> split(r.getString(1)), id)
                .orElse(List.of()));
  }

  @Override
  public List<Approval> pending(String owner) {
    requireNonNull(owner, "owner");
    long now = micros(clock.instant());
    return db.read(
        tx ->
            tx.list(
                "SELECT "
                    + COLUMNS
                    + " FROM approvals WHERE owner = ? AND state = 'PENDING' AND expires_at > ?"
                    + " ORDER BY created_at DESC, id",
                this::row,
                owner,
                now));
  }

  /** A pending approval with the people its policy named to answer it. */
  public record Pending(Approval approval, List<String> approvers) {}

  /** The pending approvals of {@code project} (every project's when null), newest first. */
  public List<Approval> pendingIn(String project, int max) {
    return pendingWithApprovers(project, max).stream().map(Pending::approval).toList();
  }

  /** The same, each with its approvers. */
  public List<Pending> pendingWithApprovers(String project, int max) {
    long now = micros(clock.instant());
    String where = project == null ? "" : " AND project = ?";
    Object[] args = project == null ? new Object[] {now} : new Object[] {now, project};
    return db.read(
        tx ->
            tx.list(
                "SELECT "
                    + COLUMNS
                    + ", approvers FROM approvals WHERE state = 'PENDING' AND expires_at > ?"
                    + where
                    + " ORDER BY created_at DESC, id LIMIT "
                    + Math.max(1, max),
                r -> new Pending(row(r), split(r.getString(15))),
                args));
  }

  private static List<String> split(String approvers) {
    return approvers == null || approvers.isEmpty() ? List.of() : List.of(approvers.split("\n"));
  }

  /**
   * Deletes the approvals whose expiry passed before {@code before}, answered or not (an answered
   * one keeps its expiry); returns how many.
   */
  public int purge(java.time.Instant before) {
    return db.write(tx -> tx.update("DELETE FROM approvals WHERE expires_at < ?", micros(before)));
  }

  @Override
  public Optional<Approval> decide(String id, String decidedBy, boolean approve, String reason) {
    requireNonNull(id, "id");
    requireNonNull(decidedBy, "decidedBy");
    long now = micros(clock.instant());
    Approval.State to = approve ? Approval.State.APPROVED : Approval.State.DENIED;
    Optional<Approval> decided =
        db.write(
            tx -> {
              int changed =
                  tx.update(
                      "UPDATE approvals SET state = ?, decided_by = ?, reason = ?, decided_at = ?"
                          + " WHERE id = ? AND state = 'PENDING' AND expires_at > ?",
                      to.name(),
                      decidedBy,
                      reason,
                      now,
                      id,
                      now);
              return changed == 1 ? find(tx, id) : Optional.<Approval>empty();
            });
    decided.ifPresent(this::decided);
    return decided;
  }

  /**
   * Marks an approved approval as having let its call run, once: of several callers (replicas
   * racing on the same retry), exactly one gets true. False too for an approval that is not
   * approved, or unknown.
   */
  public boolean consume(String id) {
    requireNonNull(id, "id");
    long now = micros(clock.instant());
    return db.write(
            tx ->
                tx.update(
                    "UPDATE approvals SET consumed_at = ? WHERE id = ? AND state = 'APPROVED'"
                        + " AND consumed_at IS NULL",
                    now,
                    id))
        == 1;
  }

  /**
   * Marks a lapsed approval EXPIRED in the store, once; returns it as it stands afterwards (decided
   * after all, if an answer won the race).
   */
  Optional<Approval> expire(String id) {
    long now = micros(clock.instant());
    return db.write(
        tx -> {
          tx.update(
              "UPDATE approvals SET state = 'EXPIRED', decided_at = ? WHERE id = ? AND state ="
                  + " 'PENDING' AND expires_at <= ?",
              now,
              id,
              now);
          return find(tx, id);
        });
  }

  /** The approvals among {@code ids}, as they stand now. */
  List<Approval> findAll(List<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
    return db.read(
        tx ->
            tx.list(
                "SELECT " + COLUMNS + " FROM approvals WHERE id IN (" + marks + ")",
                this::row,
                ids.toArray()));
  }

  /**
   * Completes with {@code approval} as decided (APPROVED or DENIED, here or on another replica) or
   * EXPIRED once its expiry passes unanswered. Holds no thread while it waits.
   */
  public CompletionStage<Approval> hold(Approval approval) {
    return held.hold(approval);
  }

  /** Calls {@code listener} after each answer given on this replica. */
  public void onDecided(Consumer<Approval> listener) {
    listeners.add(requireNonNull(listener, "listener"));
  }

  /** How many calls wait for an answer on this replica. */
  public int heldCount() {
    return held.size();
  }

  Instant now() {
    return clock.instant();
  }

  private void decided(Approval a) {
    held.answered(a);
    for (Consumer<Approval> l : listeners) {
      try {
        l.accept(a);
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(Approvals.class)
            .warn("approvals: a listener failed on {}: {}", a.id(), e.toString());
      }
    }
  }

  private Optional<Approval> find(Tx tx, String id) throws SQLException {
    return tx.first("SELECT " + COLUMNS + " FROM approvals WHERE id = ?", this::row, id);
  }

  private Approval row(ResultSet r) throws SQLException {
    Instant expires = instant(r.getLong(10));
    Approval.State state = Approval.State.valueOf(r.getString(11));
    if (state == Approval.State.PENDING && !clock.instant().isBefore(expires)) {
      state = Approval.State.EXPIRED;
    }
    return new Approval(
        r.getString(1),
        Approval.Kind.valueOf(r.getString(2)),
        r.getString(3),
        r.getString(4),
        r.getString(5),
        r.getString(6),
        r.getString(7),
        r.getString(8),
        instant(r.getLong(9)),
        expires,
        state,
        r.getString(12),
        r.getString(13),
        r.getString(14));
  }

  static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
  }

  @Override
  public void close() {
    held.close();
  }
}
