package io.gatehouse.selfmcp;

import io.gatehouse.core.Principal;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The platform as the self server's tools, resources and prompts read and change it: each method is
 * one admin or registry API request made as the caller through {@link AdminGate}, so the API's own
 * role checks, validation and error keys decide every answer.
 */
final class Platform {
  private final AdminGate gate;

  Platform(AdminGate gate) {
    this.gate = gate;
  }

  private Outcome call(Principal caller, String method, String path, String query, JsonNode body) {
    byte[] bytes = body == null ? null : Json.MAPPER.writeValueAsBytes(body);
    return Outcome.of(gate.call(caller, method, path, query, bytes));
  }

  /** The registry's latest versions the caller may discover, matching {@code search} if given. */
  Outcome servers(Principal caller, String search, int limit) {
    Outcome o =
        call(
            caller,
            "GET",
            "/v0.1/servers",
            Args.query("search", search, "version", "latest", "limit", limit),
            null);
    if (!(o instanceof Outcome.Ok ok)) {
      return o;
    }
    ObjectNode out = Json.object();
    ArrayNode servers = out.putArray("servers");
    for (JsonNode entry : ok.body().path("servers")) {
      JsonNode s = entry.path("server");
      JsonNode official = entry.path("_meta").path("io.modelcontextprotocol.registry/official");
      ObjectNode row = servers.addObject();
      row.put("name", s.path("name").asString());
      row.put("version", s.path("version").asString());
      row.put("description", s.path("description").asString(""));
      row.put("status", official.path("status").asString(""));
      row.put("resource", "gatehouse://catalog/" + s.path("name").asString());
      if (s.path("remotes").isArray()) {
        row.set("remotes", s.path("remotes"));
      }
    }
    JsonNode next = ok.body().path("metadata").path("nextCursor");
    if (next.isString()) {
      out.put("nextCursor", next.asString());
    }
    return new Outcome.Ok(out);
  }

  /** Every version of one catalog server the caller may discover. */
  Outcome server(Principal caller, String name) {
    return call(caller, "GET", "/v0.1/servers/" + Args.segment(name) + "/versions", null, null);
  }

  Outcome searchTools(Principal caller, String text, int limit) {
    return call(caller, "GET", "/admin/v1/tools", Args.query("search", text, "limit", limit), null);
  }

  Outcome deployments(Principal caller, String server, String environment) {
    return call(
        caller,
        "GET",
        "/admin/v1/deployments",
        Args.query("server", server, "environment", environment),
        null);
  }

  Outcome validateConnection(Principal caller, String name, String project) {
    return call(
        caller,
        "POST",
        "/admin/v1/connections/" + Args.segment(name) + "/validate",
        Args.query("project", project),
        null);
  }

  /** One connection and its latest validation, without validating it again. */
  Outcome connection(Principal caller, String name, String project) {
    return call(
        caller,
        "GET",
        "/admin/v1/connections/" + Args.segment(name),
        Args.query("project", project),
        null);
  }

  /**
   * Calls, errors, refusals and latency on one route per bucket and tool, over {@code from} to
   * {@code to} (the last day when null).
   */
  Outcome usage(Principal caller, String route, String from, String to, String bucket) {
    Outcome o =
        call(
            caller,
            "GET",
            "/admin/v1/usage",
            Args.query("from", from, "to", to, "bucket", bucket, "group_by", "route,tool"),
            null);
    if (!(o instanceof Outcome.Ok ok)) {
      return o;
    }
    ObjectNode out = Json.object().put("route", route);
    out.set("from", ok.body().path("from"));
    out.set("to", ok.body().path("to"));
    out.set("bucket", ok.body().path("bucket"));
    ArrayNode rows = out.putArray("usage");
    long calls = 0;
    long errors = 0;
    long refusals = 0;
    for (JsonNode row : ok.body().path("usage")) {
      if (route.equals(row.path("route").asString(null))) {
        ObjectNode r = (ObjectNode) row.deepCopy();
        r.remove("route");
        rows.add(r);
        calls += row.path("calls").asLong();
        errors += row.path("errors").asLong();
        refusals += row.path("refusals").asLong();
      }
    }
    out.putObject("total").put("calls", calls).put("errors", errors).put("refusals", refusals);
    return new Outcome.Ok(out);
  }

  /** The most recent audit records of one route, newest first. */
  Outcome audit(Principal caller, String route, int limit, String decision) {
    return call(
        caller,
        "GET",
        "/admin/v1/audit",
        Args.query("route", route, "limit", limit, "decision", decision),
        null);
  }

  Outcome createDeployment(Principal caller, JsonNode deployment) {
    return call(caller, "POST", "/admin/v1/deployments", null, deployment);
  }

  Outcome setVersionStatus(
      Principal caller, String server, String version, String status, String message) {
    ObjectNode body = Json.object().put("status", status);
    if (message != null) {
      body.put("statusMessage", message);
    }
    return call(
        caller,
        "PATCH",
        "/v0.1/servers/" + Args.segment(server) + "/versions/" + Args.segment(version) + "/status",
        null,
        body);
  }
}
