package io.gatehouse.server.config;

import io.gatehouse.agent.define.AgentCheck;
import io.gatehouse.agent.define.AgentSync;
import io.gatehouse.core.Problem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The agents the file defines ({@code agents:}, a list): each the admin API's JSON plus {@code
 * project} (default {@code default}) and {@code published} (default false). Every problem is named
 * by its key at once; what needs the store (the connections and subagents exist) is checked when
 * the agents are applied.
 */
final class AgentsConfig {
  static final String AT = "agents";

  private AgentsConfig() {}

  static List<AgentSync.Wanted> defined(JsonNode list) {
    List<AgentSync.Wanted> out = new ArrayList<>();
    if (list == null || list.isNull() || list.isMissingNode()) {
      return out;
    }
    if (!list.isArray()) {
      throw new ConfigException(AT + ": expected a list of agents");
    }
    List<String> problems = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String key = AT + "[" + i + "]";
      if (!(list.get(i) instanceof ObjectNode item)) {
        problems.add(key + ": expected a mapping with name, model, tools and subagents");
        continue;
      }
      ObjectNode body = item.deepCopy();
      String project = project(body.remove("project"), key, problems);
      boolean published = published(body.remove("published"), key, problems);
      for (Problem p : AgentCheck.problems(body)) {
        problems.add(key + (p.field().isEmpty() ? ": " : ".") + p.message());
      }
      String name = body.path("name").asString("");
      if (!seen.add(project + "/" + name)) {
        problems.add(key + ".name: '" + name + "' is defined twice in project '" + project + "'");
      }
      out.add(new AgentSync.Wanted(key, project, name, body, published));
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(
          problems.size() + " problem(s) in " + AT + ": " + String.join("; ", problems));
    }
    return out;
  }

  private static String project(JsonNode p, String key, List<String> problems) {
    if (p == null || p.isNull()) {
      return "default";
    }
    String project = p.isString() ? p.stringValue().trim() : "";
    if (project.isEmpty()) {
      problems.add(key + ".project: expected the name of a project");
      return "default";
    }
    return project;
  }

  private static boolean published(JsonNode p, String key, List<String> problems) {
    if (p == null || p.isNull()) {
      return false;
    }
    if (p.isBoolean()) {
      return p.booleanValue();
    }
    try {
      return Values.bool(key + ".published", p.asString(), false);
    } catch (ConfigException e) {
      problems.add(e.getMessage());
      return false;
    }
  }
}
