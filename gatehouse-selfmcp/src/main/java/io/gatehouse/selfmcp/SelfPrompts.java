package io.gatehouse.selfmcp;

import io.gatehouse.core.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The self server's prompts: questions an operator asks often, each filled in with what the
 * platform says now (read as the caller, so a prompt shows nothing its caller could not read).
 */
final class SelfPrompts {
  /** A prompt's text, given the caller and its arguments. */
  @FunctionalInterface
  interface Text {
    String of(Principal caller, Args args);
  }

  private record Prompt(ObjectNode listing, Text text) {}

  private final Map<String, Prompt> prompts = new LinkedHashMap<>();

  SelfPrompts(Platform p) {
    add(
        "diagnose_connection",
        "Why is this connection failing?",
        List.of(
            arg("connection", "the connection's name", true),
            arg("project", "its project (default: default)", false)),
        (c, a) -> {
          String name = a.text("connection", true);
          String project = a.text("project", false);
          return "The Gatehouse connection '"
              + name
              + "' (project '"
              + (project == null ? "default" : project)
              + "') is failing. Find out why and say how to fix it. Its latest validation is"
              + " below: read its diagnosis key, message and hint first. Then call the tool"
              + " validate_connection to check it again now, and recent_audit on the routes that"
              + " use it for the errors callers saw. Name the cause in one sentence, then the fix"
              + " (the setting to change, the secret to store, the upstream to start).\n\n"
              + state(p.connection(c, name, project));
        });
    add(
        "explain_route_errors",
        "What went wrong on this route?",
        List.of(arg("route", "the route's name", true)),
        (c, a) -> {
          String route = a.text("route", true);
          return "Explain the recent refusals and failures on the Gatehouse route '"
              + route
              + "' (/mcp/"
              + route
              + "). Group them by error key, say who was affected, and for each key what the"
              + " caller or the route's owner should do. The most recent audit records follow;"
              + " call route_usage for the trend.\n\n"
              + state(p.audit(c, route, 30, null));
        });
    add(
        "find_tool",
        "Which server has a tool for this?",
        List.of(arg("task", "what you want to do, such as 'send an email'", true)),
        (c, a) ->
            "Find a tool in Gatehouse's catalog for this task: "
                + a.text("task", true)
                + "\nCall search_tools with a few short keywords of the task (try synonyms if"
                + " nothing matches), then search_catalog for servers that fit, and list_deployments"
                + " to see where the best match is served and whether it is ready. Answer with the"
                + " tool, its server and the route URL to connect to.");
  }

  private static ObjectNode arg(String name, String description, boolean required) {
    return Json.object()
        .put("name", name)
        .put("description", description)
        .put("required", required);
  }

  private void add(String name, String title, List<ObjectNode> args, Text text) {
    ObjectNode listing = Json.object().put("name", name).put("title", title);
    listing.put("description", title);
    ArrayNode a = listing.putArray("arguments");
    args.forEach(a::add);
    prompts.put(name, new Prompt(listing, text));
  }

  /** What the platform said, for the model to read: the answer, or the refusal with its key. */
  private static String state(Outcome o) {
    return switch (o) {
      case Outcome.Ok ok -> "```json\n" + ok.body().toPrettyString() + "\n```";
      case Outcome.Refused r ->
          "(Gatehouse refused to show it: "
              + r.code()
              + ": "
              + r.message()
              + (r.hint() == null ? "" : " " + r.hint())
              + ")";
    };
  }

  /** {@code prompts/list}'s result. */
  ObjectNode list() {
    ObjectNode r = Json.object();
    ArrayNode arr = r.putArray("prompts");
    prompts.values().forEach(p -> arr.add(p.listing()));
    return r;
  }

  /** {@code prompts/get}'s result, or null when there is no such prompt. */
  ObjectNode get(Principal caller, String name, Args args) {
    Prompt p = prompts.get(name);
    if (p == null) {
      return null;
    }
    ObjectNode r = Json.object().put("description", p.listing().path("title").asString());
    ObjectNode m = r.putArray("messages").addObject().put("role", "user");
    m.putObject("content").put("type", "text").put("text", p.text().of(caller, args));
    return r;
  }
}
