package io.gatehouse.server;

import io.gatehouse.connect.ConnectErrors;
import io.gatehouse.connect.Connection;
import io.gatehouse.connect.ConnectionAuth;
import io.gatehouse.connect.Connections;
import io.gatehouse.connect.Validation;
import io.gatehouse.core.GatehouseException;
import io.gatehouse.core.Principal;
import io.gatehouse.store.Database;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code gatehouse connections list|show|validate|delete}: the admin API's connection operations
 * against the store the configuration names. {@code validate} without a name checks the file's own
 * {@code connections:}; with one it runs the handshake and keeps the result in the history.
 */
final class ConnectionsCommand {
  private static final Cli.Option PROJECT =
      new Cli.Option("project", "p", "NAME", "the connections' project (default: default)");

  private ConnectionsCommand() {}

  static Cli.Command command() {
    List<Cli.Option> options = List.of(Main.CONFIG, PROJECT);
    return Cli.Command.group(
        "connections",
        "Connections to upstream MCP servers: list, show, validate, delete.",
        List.of(
            Cli.Command.of(
                "list",
                "List a project's connections.",
                options,
                null,
                0,
                ConnectionsCommand::list),
            Cli.Command.of(
                "show",
                "Show one connection and its latest validation (secrets by name only).",
                options,
                "NAME",
                1,
                ConnectionsCommand::show),
            Cli.Command.of(
                "validate",
                "Validate connection NAME now; without NAME, check the file's connections.",
                options,
                "[NAME]",
                0,
                ConnectionsCommand::validate),
            Cli.Command.of(
                "delete",
                "Delete a connection, its history and the secrets it keeps.",
                options,
                "NAME",
                1,
                ConnectionsCommand::delete)));
  }

  @FunctionalInterface
  private interface Work {
    int run(Connections connections, String project);
  }

  private static int with(Cli.Args a, PrintWriter err, Work work) {
    String file = a.get("config");
    String project = a.get("project") == null ? Principal.DEFAULT_PROJECT : a.get("project");
    int[] exit = {0};
    int code =
        StoreCommand.run(
            file == null ? null : Path.of(file),
            err,
            (config, db) -> exit[0] = work.run(open(config, db), project));
    return code != 0 ? code : exit[0];
  }

  private static Connections open(io.gatehouse.server.config.GatehouseConfig config, Database db) {
    return ConnectionsFactory.open(config, db, ConnectionsFactory.vault(config, db));
  }

  private static int list(Cli.Args a, PrintWriter out, PrintWriter err) {
    return with(
        a,
        err,
        (connections, project) -> {
          for (Connection c : connections.list(project)) {
            List<JsonNode> checks = connections.checks(project, c.name());
            out.printf(
                "%-24s %-8s %-16s %-26s %s%n",
                c.name(),
                c.managedBy(),
                c.transport().configName(),
                Connections.json(c).path("auth").path("type").asString("none"),
                checks.isEmpty() ? "never validated" : status(checks.getFirst()));
            out.println("  " + c.url());
          }
          return 0;
        });
  }

  private static int show(Cli.Args a, PrintWriter out, PrintWriter err) {
    return with(
        a,
        err,
        (connections, project) -> {
          String name = a.operands().getFirst();
          ObjectNode n = Connections.json(connections.get(project, name));
          List<JsonNode> checks = connections.checks(project, name);
          if (!checks.isEmpty()) {
            n.set("validation", checks.getFirst());
          }
          out.println(n.toPrettyString());
          return 0;
        });
  }

  private static int validate(Cli.Args a, PrintWriter out, PrintWriter err) {
    return with(
        a,
        err,
        (connections, project) -> {
          if (a.operands().isEmpty()) {
            out.println("the configuration's connections are valid");
            return 0;
          }
          String name = a.operands().getFirst();
          if (connections.get(project, name).auth() instanceof ConnectionAuth.UserOAuth) {
            err.println(
                "gatehouse: "
                    + name
                    + " is a per-user connection: each user validates it with their own token"
                    + " (POST /admin/v1/connections/"
                    + name
                    + "/validate)");
            return 1;
          }
          Validation v = connections.validate(project, name, null, "cli");
          out.println(status(Connections.validationJson(v)));
          return v.connected() ? 0 : 1;
        });
  }

  private static int delete(Cli.Args a, PrintWriter out, PrintWriter err) {
    return with(
        a,
        err,
        (connections, project) -> {
          String name = a.operands().getFirst();
          if (Connection.BY_CONFIG.equals(connections.get(project, name).managedBy())) {
            throw new GatehouseException(
                ConnectErrors.CONNECTION_MANAGED_BY_CONFIG,
                name + " is defined in the configuration file; remove it there");
          }
          connections.delete(project, name);
          out.println("deleted " + project + "/" + name);
          return 0;
        });
  }

  private static String status(JsonNode check) {
    if (check.path("status").asString("").equals(Validation.CONNECTED)) {
      return "Connected ("
          + check.path("toolCount").asInt()
          + " tools) at "
          + check.path("checkedAt").asString();
    }
    return "Failed "
        + check.path("diagnosis").asString()
        + ": "
        + check.path("message").asString()
        + " at "
        + check.path("checkedAt").asString();
  }
}
