package io.gatehouse.agent.define;

import io.gatehouse.core.Problem;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The checks of an agent among the others of its project: its subagents exist, none leads back to
 * it, and a subagent's tools are its own (as in the SRE Agent, the main agent reaches a server a
 * subagent has only by delegating to that subagent, so neither may list the same server).
 */
final class AgentGraph {
  private AgentGraph() {}

  /**
   * @param name the agent being written
   * @param definition its definition as {@link AgentCheck} made it
   * @param project the project's stored definitions by name (the agent's own, if stored, is
   *     replaced by {@code definition})
   */
  static List<Problem> problems(String name, JsonNode definition, Map<String, JsonNode> project) {
    Map<String, JsonNode> graph = new HashMap<>(project);
    graph.put(name, definition);
    List<Problem> out = new ArrayList<>();
    JsonNode subagents = definition.path("subagents");
    for (int i = 0; i < subagents.size(); i++) {
      String sub = subagents.get(i).asString();
      String at = "subagents[" + i + "]";
      if (!project.containsKey(sub)) {
        out.add(new Problem(at, "not-found", at + ": the project has no agent '" + sub + "'"));
        continue;
      }
      List<String> cycle = pathBack(sub, name, graph);
      if (cycle != null) {
        out.add(
            new Problem(
                at,
                "cycle",
                at
                    + ": '"
                    + sub
                    + "' leads back to this agent ("
                    + name
                    + " -> "
                    + String.join(" -> ", cycle)
                    + ")"));
        continue;
      }
      owned(definition, project.get(sub), "its subagent '" + sub + "'", out);
    }
    for (Map.Entry<String, JsonNode> e : project.entrySet()) {
      if (!e.getKey().equals(name) && lists(e.getValue(), name)) {
        owned(definition, e.getValue(), "'" + e.getKey() + "', which delegates to it", out);
      }
    }
    return out;
  }

  /** The way from {@code from} to {@code target} through subagents, or null when there is none. */
  private static List<String> pathBack(String from, String target, Map<String, JsonNode> graph) {
    Map<String, String> cameFrom = new HashMap<>();
    Set<String> seen = new HashSet<>(Set.of(from));
    Deque<String> todo = new ArrayDeque<>(List.of(from));
    while (!todo.isEmpty()) {
      String at = todo.poll();
      for (JsonNode n : graph.getOrDefault(at, missing()).path("subagents")) {
        String next = n.asString();
        if (next.equals(target)) {
          List<String> path = new ArrayList<>(List.of(target));
          for (String s = at; s != null; s = cameFrom.get(s)) {
            path.addFirst(s);
          }
          return path;
        }
        if (seen.add(next)) {
          cameFrom.put(next, at);
          todo.add(next);
        }
      }
    }
    return null;
  }

  /** Adds a problem for each of {@code agent}'s tools whose server {@code other} also has. */
  private static void owned(JsonNode agent, JsonNode other, String whose, List<Problem> out) {
    Set<String> theirs = new HashSet<>();
    other.path("tools").forEach(t -> theirs.add(AgentCheck.source(t)));
    JsonNode tools = agent.path("tools");
    for (int i = 0; i < tools.size(); i++) {
      String source = AgentCheck.source(tools.get(i));
      if (source != null && theirs.contains(source)) {
        String at = "tools[" + i + "]";
        out.add(
            new Problem(
                at,
                "owned-by-subagent",
                at
                    + ": "
                    + source.replaceFirst(":", " '")
                    + "' is also a tool of "
                    + whose
                    + " (expected: a server belongs to one of them; the main agent reaches a"
                    + " subagent's tools by delegating)"));
      }
    }
  }

  private static boolean lists(JsonNode definition, String name) {
    for (JsonNode s : definition.path("subagents")) {
      if (s.asString().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode missing() {
    return tools.jackson.databind.node.MissingNode.getInstance();
  }
}
