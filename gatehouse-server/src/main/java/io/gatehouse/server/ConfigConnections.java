package io.gatehouse.server;

import io.gatehouse.connect.ConnectionSync;
import io.gatehouse.connect.Connections;
import io.gatehouse.server.config.ConnectionSettings;
import io.gatehouse.server.config.GatehouseConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the configuration file's {@code connections:} at start and at every reload: created or
 * updated to match, and deleted once the file no longer lists them; those made through the admin
 * API are left alone. A definition the store refuses (a project that does not exist, a catalog
 * deployment that is gone) is logged with its key, and the others are applied.
 */
final class ConfigConnections {
  private static final Logger log = LoggerFactory.getLogger(ConfigConnections.class);

  private Connections connections;
  private Predicate<String> projectExists = p -> true;

  /** Binds the connections once the store is open. */
  synchronized void bind(Connections connections, Predicate<String> projectExists) {
    this.connections = connections;
    this.projectExists = projectExists;
  }

  /** Applies {@code config}'s connections; returns what it did, or null before the store opens. */
  synchronized ConnectionSync.Report apply(GatehouseConfig config) {
    if (connections == null) {
      return null;
    }
    List<ConnectionSync.Wanted> wanted = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (ConnectionSettings.Defined d : config.connections().defined()) {
      if (projectExists.test(d.project())) {
        wanted.add(new ConnectionSync.Wanted(d.key(), d.project(), d.name(), d.body()));
      } else {
        missing.add(d.key() + ".project: '" + d.project() + "' does not exist");
      }
    }
    ConnectionSync.Report r = ConnectionSync.apply(connections, wanted);
    List<String> problems = new ArrayList<>(missing);
    problems.addAll(r.problems());
    ConnectionSync.Report all =
        new ConnectionSync.Report(r.created(), r.updated(), r.deleted(), problems);
    if (problems.isEmpty()) {
      log.info("config: {}", all.summary());
    } else {
      log.error("config: {}", all.summary());
    }
    return all;
  }
}
