package io.gatehouse.connect;

import static java.util.Objects.requireNonNull;

import io.gatehouse.core.GatehouseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Makes the connections a configuration file defines exist as defined: creates the missing ones,
 * updates the ones that differ, and deletes the ones the file once created and no longer lists.
 * Connections made through the admin API are left alone, even when the file names one of them.
 */
public final class ConnectionSync {
  private static final Logger log = LoggerFactory.getLogger(ConnectionSync.class);

  private ConnectionSync() {}

  /** One connection the file wants, as the admin API's JSON. */
  public record Wanted(String key, String project, String name, JsonNode body) {
    public Wanted {
      requireNonNull(project, "project");
      requireNonNull(name, "name");
      requireNonNull(body, "body");
    }
  }

  /** What one apply did, by {@code project/name}, and what it could not do, by file key. */
  public record Report(
      List<String> created, List<String> updated, List<String> deleted, List<String> problems) {
    public String summary() {
      return "connections: created "
          + created
          + ", updated "
          + updated
          + ", deleted "
          + deleted
          + (problems.isEmpty() ? "" : ", not applied: " + problems);
    }
  }

  public static Report apply(Connections connections, List<Wanted> wanted) {
    List<String> created = new ArrayList<>();
    List<String> updated = new ArrayList<>();
    List<String> deleted = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Set<String> listed = new HashSet<>();
    for (Wanted w : wanted) {
      String id = w.project() + "/" + w.name();
      listed.add(id);
      try {
        Connection c = connections.find(w.project(), w.name()).orElse(null);
        if (c == null) {
          connections.create(w.project(), w.body(), Connection.BY_CONFIG);
          created.add(id);
        } else if (!Connection.BY_CONFIG.equals(c.managedBy())) {
          problems.add(
              w.key()
                  + ": project '"
                  + w.project()
                  + "' has a connection '"
                  + w.name()
                  + "' made through the admin API, left as it is (delete it there, or rename"
                  + " this one)");
        } else if (!connections.matches(c, w.body())) {
          connections.replace(w.project(), w.name(), w.body(), Connection.BY_CONFIG);
          updated.add(id);
        }
      } catch (GatehouseException e) {
        problems.add(w.key() + ": " + e.error().key() + ": " + e.getMessage());
      }
    }
    for (Connection c : connections.all()) {
      String id = c.project() + "/" + c.name();
      if (Connection.BY_CONFIG.equals(c.managedBy()) && !listed.contains(id)) {
        connections.delete(c.project(), c.name());
        deleted.add(id);
      }
    }
    Report r = new Report(created, updated, deleted, problems);
    validateLater(connections, r);
    return r;
  }

  /** Validates what changed, off the caller's thread; per-user ones wait for a user. */
  private static void validateLater(Connections connections, Report r) {
    List<String> changed = new ArrayList<>(r.created());
    changed.addAll(r.updated());
    if (changed.isEmpty()) {
      return;
    }
    Thread.ofVirtual()
        .name("gatehouse-connection-config-validate")
        .start(
            () -> {
              for (String id : changed) {
                String[] pn = id.split("/", 2);
                try {
                  Connection c = connections.get(pn[0], pn[1]);
                  if (!(c.auth() instanceof ConnectionAuth.UserOAuth)) {
                    connections.validate(pn[0], pn[1], null, "config");
                  }
                } catch (RuntimeException e) {
                  log.info("connections: {} not validated: {}", id, e.getClass().getSimpleName());
                }
              }
            });
  }
}
