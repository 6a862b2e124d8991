package io.gatehouse.identity;

import io.gatehouse.core.Operator;
import io.gatehouse.core.Principal;
import io.gatehouse.core.Role;
import io.gatehouse.core.RouteName;
import io.gatehouse.core.Secret;
import io.gatehouse.identity.internal.IdentityRows;
import io.gatehouse.identity.internal.KeySnapshot;
import io.gatehouse.policy.ApiKeyFormat;
import io.gatehouse.policy.ApiKeys;
import io.gatehouse.store.Database;
import io.gatehouse.store.StoreException;
import io.gatehouse.store.Tx;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Projects, their members, consumers and their API keys, on the store; and the snapshot of live
 * keys the gateway checks against ({@link #apiKeys()}). Every method validates its input and
 * answers an {@link IdentityException} with a stable key for anything wrong; nothing is half
 * written.
 */
public final class Identity implements AutoCloseable {
  /** The Flyway location of the identity tables. */
  public static final String MIGRATIONS = "classpath:db/identity";

  /** How often a replica looks for key changes made elsewhere. */
  public static final Duration KEY_POLL = Duration.ofMillis(250);

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");
  private static final int MAX_SUBJECT = 256;

  private final Database db;
  private final Clock clock;
  private final KeySnapshot snapshot;

  private Identity(Database db, Clock clock, Duration poll) {
    this.db = db;
    this.clock = clock;
    this.snapshot = new KeySnapshot(db, clock, poll);
  }

  /** Runs the identity migrations and loads the key snapshot. */
  public static Identity open(Database db, Clock clock, Duration poll) {
    db.migrate("identity", MIGRATIONS);
    return new Identity(db, clock, poll);
  }

  /** The live keys, as the gateway's inbound authentication checks them. */
  public ApiKeys apiKeys() {
    return snapshot;
  }

  // Projects and members

  public Project createProject(String name, String description) {
    if (name == null || !RouteName.isValid(name)) {
      throw invalid("name: '" + name + "' (expected: " + RouteName.rule() + ")");
    }
    Project p = new Project(name, description == null ? "" : description, now());
    try {
      db.write(
          tx -> {
            IdentityRows.insertProject(tx, p);
            return null;
          });
    } catch (StoreException e) {
      throw conflict(e, IdentityErrors.PROJECT_EXISTS, "project '" + name + "' exists");
    }
    return p;
  }

  public List<Project> projects() {
    return db.read(IdentityRows::projects);
  }

  public Project project(String name) {
    return db.read(tx -> IdentityRows.project(tx, name))
        .orElseThrow(
            () ->
                new IdentityException(
                    IdentityErrors.PROJECT_NOT_FOUND, "no project '" + name + "'"));
  }

  /** Adds {@code subject} to the project with {@code role}, or changes its role. */
  public Member putMember(String project, String subject, Role role) {
    if (subject == null || subject.isBlank() || subject.length() > MAX_SUBJECT) {
      throw invalid("subject: missing or longer than " + MAX_SUBJECT + " characters");
    }
    Member m = new Member(project, subject.trim(), role, now());
    db.write(
        tx -> {
          requireProject(tx, project);
          IdentityRows.putMember(tx, m);
          return null;
        });
    return m;
  }

  public List<Member> members(String project) {
    return db.read(
        tx -> {
          requireProject(tx, project);
          return IdentityRows.members(tx, project);
        });
  }

  /**
   * What {@code principal} may do in the admin API: its highest role in each project, as itself or
   * through a {@code group:NAME} membership of one of its groups.
   */
  public Operator operator(Principal principal) {
    List<String> subjects = new java.util.ArrayList<>();
    if (!principal.subject().startsWith("group:")) {
      // a token subject spelled like a group must not inherit the group's roles
      subjects.add(principal.subject());
    }
    principal.groups().stream().sorted().forEach(g -> subjects.add("group:" + g));
    Map<String, Role> roles = new HashMap<>();
    for (Member m : db.read(tx -> IdentityRows.memberships(tx, subjects))) {
      roles.merge(m.project(), m.role(), (a, b) -> a.covers(b) ? a : b);
    }
    return new Operator(principal, roles);
  }

  public void removeMember(String project, String subject) {
    boolean removed = db.write(tx -> IdentityRows.deleteMember(tx, project, subject));
    if (!removed) {
      throw new IdentityException(
          IdentityErrors.MEMBER_NOT_FOUND,
          "project '" + project + "' has no member '" + subject + "'");
    }
  }

  // Consumers and keys

  public Consumer createConsumer(
      String name, Principal.Kind kind, String project, List<String> groups) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw invalid("name: '" + name + "' (expected: " + nameRule() + ")");
    }
    for (String g : groups) {
      if (g == null || !NAME.matcher(g).matches()) {
        throw invalid("groups: '" + g + "' (expected: " + nameRule() + ")");
      }
    }
    String p = project == null || project.isBlank() ? Principal.DEFAULT_PROJECT : project;
    Consumer c = new Consumer(name, kind, p, groups, now());
    try {
      db.write(
          tx -> {
            requireProject(tx, p);
            IdentityRows.insertConsumer(tx, c);
            return null;
          });
    } catch (StoreException e) {
      throw conflict(e, IdentityErrors.CONSUMER_EXISTS, "consumer '" + name + "' exists");
    }
    return c;
  }

  public List<Consumer> consumers() {
    return db.read(IdentityRows::consumers);
  }

  public Consumer consumer(String name) {
    return db.read(tx -> IdentityRows.consumer(tx, name)).orElseThrow(() -> noConsumer(name));
  }

  /**
   * Deletes the consumer and every key it has: they stop working on this replica at once, on the
   * others within a second.
   */
  public void deleteConsumer(String name) {
    if (!db.write(tx -> IdentityRows.deleteConsumer(tx, name))) {
      throw noConsumer(name);
    }
    reloadQuietly();
  }

  /**
   * Creates an API key for {@code consumer}: the key is in the answer and nowhere else.
   *
   * @param routes the routes it may be used on; empty for every route
   * @param expiresAt when it stops working; null for never
   */
  public IssuedKey createKey(String consumer, List<String> routes, Instant expiresAt) {
    for (String r : routes) {
      if (r == null || !RouteName.isValid(r)) {
        throw invalid("routes: '" + r + "' (expected: route names, " + RouteName.rule() + ")");
      }
    }
    if (expiresAt != null && !expiresAt.isAfter(now())) {
      throw invalid("expiresAt: " + expiresAt + " is not in the future");
    }
    Instant now = now();
    IssuedKey issued =
        db.write(
            tx -> {
              IdentityRows.consumer(tx, consumer).orElseThrow(() -> noConsumer(consumer));
              return insertKey(tx, consumer, routes, expiresAt, now);
            });
    reloadQuietly();
    return issued;
  }

  /** A new key for {@code consumer}, written in {@code tx}; only its hash is stored. */
  private static IssuedKey insertKey(
      Tx tx, String consumer, List<String> routes, Instant expiresAt, Instant now)
      throws SQLException {
    ApiKeyFormat.NewKey k = ApiKeyFormat.generate();
    ApiKey info =
        new ApiKey(
            UUID.randomUUID().toString(), consumer, k.prefix(), routes, expiresAt, now, null);
    IdentityRows.insertKey(tx, info, k.hash());
    return new IssuedKey(info, Secret.of(k.key()));
  }

  public List<ApiKey> keys(String consumer) {
    return db.read(
        tx -> {
          IdentityRows.consumer(tx, consumer).orElseThrow(() -> noConsumer(consumer));
          return IdentityRows.keys(tx, consumer);
        });
  }

  /** Revokes a key; every replica refuses it within a second ({@link #KEY_POLL}). */
  public ApiKey revokeKey(String consumer, String id) {
    ApiKey revoked =
        db.write(
            tx -> {
              IdentityRows.key(tx, consumer, id).orElseThrow(() -> noKey(consumer, id));
              IdentityRows.revokeKey(tx, id, now());
              return IdentityRows.key(tx, consumer, id).orElseThrow();
            });
    reloadQuietly();
    return revoked;
  }

  /** The longest overlap a rotation allows. */
  public static final Duration MAX_OVERLAP = Duration.ofDays(30);

  /**
   * Rotates a key with overlap, in one transaction: a new key with the same routes and expiry,
   * while the old one keeps working for {@code overlap} more (zero ends it now).
   */
  public IssuedKey rotateKey(String consumer, String id, Duration overlap) {
    if (overlap.isNegative() || overlap.compareTo(MAX_OVERLAP) > 0) {
      throw invalid(
          "overlap: " + overlap + " (expected: from 0s to " + MAX_OVERLAP.toDays() + "d)");
    }
    Instant now = now();
    IssuedKey fresh =
        db.write(
            tx -> {
              ApiKey old =
                  IdentityRows.key(tx, consumer, id).orElseThrow(() -> noKey(consumer, id));
              if (old.revokedAt() != null) {
                throw invalid("key " + id + " is revoked; create a new one instead");
              }
              if (old.expiresAt() != null && !old.expiresAt().isAfter(now)) {
                throw invalid("key " + id + " has expired; create a new one instead");
              }
              IssuedKey issued = insertKey(tx, consumer, old.routes(), old.expiresAt(), now);
              IdentityRows.expireKey(tx, id, now.plus(overlap));
              return issued;
            });
    reloadQuietly();
    return fresh;
  }

  /**
   * Reloads this replica's key snapshot after a committed write; should that fail, the write stands
   * and the next poll picks it up.
   */
  private void reloadQuietly() {
    try {
      snapshot.reload();
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(Identity.class)
          .warn("reloading API keys after a write failed; the next poll retries: {}", e.toString());
    }
  }

  private static void requireProject(Tx tx, String project) throws SQLException {
    if (IdentityRows.project(tx, project).isEmpty()) {
      throw new IdentityException(IdentityErrors.PROJECT_NOT_FOUND, "no project '" + project + "'");
    }
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }

  static String nameRule() {
    return "1 to 128 letters, digits and . _ @ -, starting with a letter or digit";
  }

  private static IdentityException invalid(String message) {
    return new IdentityException(IdentityErrors.INVALID_IDENTITY, message);
  }

  private static IdentityException noConsumer(String name) {
    return new IdentityException(IdentityErrors.CONSUMER_NOT_FOUND, "no consumer '" + name + "'");
  }

  private static IdentityException noKey(String consumer, String id) {
    return new IdentityException(
        IdentityErrors.KEY_NOT_FOUND, "consumer '" + consumer + "' has no key " + id);
  }

  private static RuntimeException conflict(
      StoreException e, io.gatehouse.core.ErrorKey key, String message) {
    return e.code().equals(StoreException.CONFLICT) ? new IdentityException(key, message) : e;
  }

  @Override
  public void close() {
    snapshot.close();
  }
}
