package io.gatehouse.selfmcp;

import io.gatehouse.core.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The self server's tools. Every caller is shown every tool: whether a change is allowed depends on
 * the caller's role in the project the arguments name, which only the call can tell, so a call the
 * caller's role does not allow comes back as a tool error with the admin API's key ({@code
 * FORBIDDEN}) and the role it needs.
 */
final class SelfTools {
  /** Does one call: the arguments are read, the platform asked. */
  @FunctionalInterface
  interface Handler {
    Outcome call(Principal caller, Args args);
  }

  /** A tool's annotations (MCP 2025-11-25, "Tool annotations"). */
  record Hints(boolean readOnly, boolean destructive, boolean idempotent, boolean openWorld) {
    /** Reads the platform. */
    static final Hints READS = new Hints(true, false, true, false);

    /** Reaches an upstream and records the check, changing nothing else. */
    static final Hints CHECKS = new Hints(false, false, true, true);

    /** Makes something new; a second call makes another (or is refused as existing). */
    static final Hints CREATES = new Hints(false, false, false, false);

    /** Replaces a state, possibly hiding what was there; repeating it changes nothing more. */
    static final Hints REPLACES = new Hints(false, true, true, false);
  }

  /** One tool: its listing and what a call does. */
  record Tool(String name, ObjectNode listing, Handler handler) {}

  private final Map<String, Tool> tools = new LinkedHashMap<>();

  SelfTools(Platform p) {
    add(
        "search_catalog",
        "Search the catalog",
        "Lists the MCP servers in Gatehouse's catalog (their latest versions) whose name or"
            + " description contains the text, as far as the caller may discover them.",
        Json.integer(
            Json.string(Json.schema(), "query", "text to look for; omit to list all"),
            "limit",
            1,
            100,
            "at most this many servers (default 30)"),
        Json.listOutput("servers"),
        Hints.READS,
        (c, a) -> p.servers(c, a.text("query", false), a.integer("limit", 1, 100, 30)));
    add(
        "search_tools",
        "Search the catalog's tools",
        "Finds tools of deployed catalog servers whose name, title or description contains the"
            + " text (\"which server can send an email?\").",
        Json.integer(
            Json.string(Json.schema("query"), "query", "text to look for"),
            "limit",
            1,
            100,
            "at most this many tools (default 20)"),
        Json.listOutput("tools"),
        Hints.READS,
        (c, a) -> p.searchTools(c, a.text("query", true), a.integer("limit", 1, 100, 20)));
    add(
        "list_deployments",
        "List deployments",
        "Lists catalog deployments (a server version behind a gateway route) with their status:"
            + " pending, discovering, ready or failed (with the error).",
        Json.string(
            Json.string(Json.schema(), "server", "only this catalog server"),
            "environment",
            "only this environment"),
        Json.listOutput("deployments"),
        Hints.READS,
        (c, a) -> p.deployments(c, a.text("server", false), a.text("environment", false)));
    add(
        "validate_connection",
        "Validate a connection",
        "Runs the MCP handshake with a project's connection now and says Connected (with its"
            + " tools) or Failed with a diagnosis key and a hint. Needs the contributor role in the"
            + " project.",
        Json.string(
            Json.string(Json.schema("name"), "name", "the connection's name"),
            "project",
            "its project (default: default)"),
        Json.schema(),
        Hints.CHECKS,
        (c, a) -> p.validateConnection(c, a.text("name", true), a.text("project", false)));
    ObjectNode usageInput = Json.string(Json.schema("route"), "route", "the route's name");
    Json.string(
        usageInput, "from", "start, such as 2026-12-07T00:00:00Z (default: a day before to)");
    Json.string(usageInput, "to", "end (default: now)");
    Json.string(usageInput, "bucket", "bucket length: 5m, 1h, 1d (default 1h)");
    add(
        "route_usage",
        "Usage of a route",
        "Calls, errors, refusals and p50/p95 latency on one route, per time bucket and tool (the"
            + " last day unless from/to say otherwise). Reads the audit records of the projects"
            + " the caller owns.",
        usageInput,
        usageOutput(),
        Hints.READS,
        (c, a) ->
            p.usage(
                c,
                a.text("route", true),
                a.text("from", false),
                a.text("to", false),
                a.text("bucket", false)));
    add(
        "recent_audit",
        "Recent audit records of a route",
        "The most recent audit records of one route, newest first: who called what, the"
            + " decision, the error key and the latency. Reads the records of the projects the"
            + " caller owns.",
        Json.choice(
            Json.integer(
                Json.string(Json.schema("route"), "route", "the route's name"),
                "limit",
                1,
                100,
                "at most this many records (default 20)"),
            "decision",
            "only records with this decision",
            "allowed",
            "refused",
            "failed"),
        Json.listOutput("records"),
        Hints.READS,
        (c, a) ->
            p.audit(
                c,
                a.text("route", true),
                a.integer("limit", 1, 100, 20),
                a.text("decision", false)));
    add(
        "create_deployment",
        "Create a deployment",
        "Deploys a catalog server version into an environment behind a new gateway route,"
            + " /mcp/{route}, reaching the upstream at upstream.url or through a connection of"
            + " the project. Needs the contributor role in project default and in the"
            + " deployment's project.",
        deploymentInput(),
        Json.schema(),
        Hints.CREATES,
        (c, a) -> {
          ObjectNode d = Json.object();
          for (String f : List.of("server", "version", "environment", "route")) {
            d.put(f, a.text(f, true));
          }
          for (String f : List.of("project", "connection")) {
            String v = a.text(f, false);
            if (v != null) {
              d.put(f, v);
            }
          }
          JsonNode upstream = a.object("upstream");
          if (upstream != null) {
            d.set("upstream", upstream);
          }
          return p.createDeployment(c, d);
        });
    add(
        "set_version_status",
        "Change a version's status",
        "Marks a catalog server version active, deprecated or deleted (deleted versions leave the"
            + " registry's listings). Needs the contributor role in project default.",
        Json.string(
            Json.choice(
                Json.string(
                    Json.string(
                        Json.schema("server", "version", "status"), "server", "server name"),
                    "version",
                    "the version, such as 1.2.0"),
                "status",
                "the new status",
                "active",
                "deprecated",
                "deleted"),
            "statusMessage",
            "why, shown to registry clients"),
        Json.schema(),
        Hints.REPLACES,
        (c, a) ->
            p.setVersionStatus(
                c,
                a.text("server", true),
                a.text("version", true),
                a.text("status", true),
                a.text("statusMessage", false)));
  }

  private void add(
      String name,
      String title,
      String description,
      ObjectNode input,
      ObjectNode output,
      Hints hints,
      Handler handler) {
    ObjectNode t = Json.object().put("name", name).put("title", title);
    t.put("description", description);
    t.set("inputSchema", input);
    t.set("outputSchema", output);
    ObjectNode ann = t.putObject("annotations");
    ann.put("title", title);
    ann.put("readOnlyHint", hints.readOnly());
    if (!hints.readOnly()) {
      ann.put("destructiveHint", hints.destructive());
      ann.put("idempotentHint", hints.idempotent());
    }
    ann.put("openWorldHint", hints.openWorld());
    tools.put(name, new Tool(name, t, handler));
  }

  private static ObjectNode usageOutput() {
    ObjectNode s = Json.listOutput("usage");
    s.withObject("properties").putObject("route").put("type", "string");
    s.withObject("properties").putObject("total").put("type", "object");
    return s;
  }

  private static ObjectNode deploymentInput() {
    ObjectNode s = Json.schema("server", "version", "environment", "route");
    Json.string(s, "server", "the catalog server's name");
    Json.string(s, "version", "the version to deploy");
    Json.string(s, "environment", "the environment, such as production");
    Json.string(s, "route", "the gateway route to serve it at: [a-z0-9][a-z0-9-]{0,62}");
    Json.string(s, "project", "whose consumers may use it (default: default)");
    Json.string(s, "connection", "a connection of the project to reach the upstream through");
    ObjectNode up = s.withObject("properties").putObject("upstream").put("type", "object");
    up.put("description", "the upstream MCP server, when no connection is named");
    Json.string(up, "url", "its URL");
    Json.choice(up, "transport", "how it speaks", "streamable-http", "sse", "auto");
    up.putArray("required").add("url");
    return s;
  }

  /** {@code tools/list}'s result. */
  ObjectNode list() {
    ObjectNode r = Json.object();
    ArrayNode arr = r.putArray("tools");
    tools.values().forEach(t -> arr.add(t.listing()));
    return r;
  }

  /** The tool, or null. */
  Tool tool(String name) {
    return tools.get(name);
  }
}
