package io.gatehouse.policy.traffic;

import io.gatehouse.policy.Glob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The policy sets that apply to one route: the global set and the route's own, each a JSON object
 * of sections ({@code validation}, {@code limits}, ...) and, under {@code tools}, sets for the
 * tools whose names match a glob.
 *
 * <p>Most specific wins: for a call of tool {@code t} the sets merge in the order global, the
 * global set's {@code tools} entries matching {@code t} (in the order written), the route's set,
 * the route's {@code tools} entries matching {@code t}; a later one wins. Merging is member by
 * member for objects, so a route that sets {@code limits.calls} keeps the global {@code
 * limits.daily}; anything else (a number, a string, a list) is replaced whole, and {@code null}
 * removes what a less specific set put there ({@code limits: {daily: null}}).
 */
public final class PolicyTree {
  /** The member holding the tool-scoped sets. */
  public static final String TOOLS = "tools";

  public static final PolicyTree EMPTY = of(null, "policies", null, "policies");

  private record ToolEntry(Glob glob, ObjectNode set, String path) {}

  private final ObjectNode global;
  private final ObjectNode route;
  private final List<ToolEntry> globalTools;
  private final List<ToolEntry> routeTools;
  private final ObjectNode effective;
  private final String routePath;
  private final String globalPath;

  private PolicyTree(
      ObjectNode global,
      ObjectNode route,
      List<ToolEntry> globalTools,
      List<ToolEntry> routeTools,
      String globalPath,
      String routePath) {
    this.globalPath = globalPath;
    this.global = global;
    this.route = route;
    this.globalTools = globalTools;
    this.routeTools = routeTools;
    this.routePath = routePath;
    this.effective = merge(merge(empty(), global), route);
  }

  /**
   * The tree of a route.
   *
   * @param global the global set (null when there is none), found at {@code globalPath}
   * @param route the route's set (null when there is none), found at {@code routePath}
   */
  public static PolicyTree of(
      JsonNode global, String globalPath, JsonNode route, String routePath) {
    List<ToolEntry> gt = new ArrayList<>();
    List<ToolEntry> rt = new ArrayList<>();
    ObjectNode g = withoutTools(global, globalPath, gt);
    ObjectNode r = withoutTools(route, routePath, rt);
    return new PolicyTree(g, r, List.copyOf(gt), List.copyOf(rt), globalPath, routePath);
  }

  /** Checks the shape a tree must have before any section reads it. */
  public static void checkShape(JsonNode set, String path, Problems problems) {
    if (set == null || set.isNull() || set.isMissingNode()) {
      return;
    }
    if (!set.isObject()) {
      problems.add(path, "expected an object of policy sections");
      return;
    }
    JsonNode tools = set.get(TOOLS);
    if (tools != null && !tools.isNull() && !tools.isObject()) {
      problems.add(path + "." + TOOLS, "expected an object mapping tool names or globs to sets");
    } else if (tools != null && tools.isObject()) {
      for (Map.Entry<String, JsonNode> e : tools.properties()) {
        String p = path + "." + TOOLS + "['" + e.getKey() + "']";
        if (e.getKey().isEmpty()) {
          problems.add(p, "an empty tool name (expected: a name or a glob like delete-*)");
        }
        if (!e.getValue().isObject()) {
          problems.add(p, "expected an object of policy sections");
        } else if (e.getValue().has(TOOLS)) {
          problems.add(p + "." + TOOLS, "tool sets do not nest");
        }
      }
    }
  }

  /** The path of the route's set, under which problems of merged settings are named. */
  public String path() {
    return routePath;
  }

  /** A section of the route-level set (global merged with the route's), or a missing node. */
  public JsonNode section(String name) {
    JsonNode n = effective.get(name);
    return n == null ? MissingNode.getInstance() : n;
  }

  /** The whole set that applies to the route (global merged with the route's), without tools. */
  public JsonNode effective() {
    return effective.deepCopy();
  }

  /** The whole set that applies to calls of {@code tool}. */
  public JsonNode effectiveForTool(String tool) {
    ObjectNode m = merge(empty(), global);
    for (ToolEntry t : globalTools) {
      if (t.glob().matches(tool)) {
        m = merge(m, t.set());
      }
    }
    m = merge(m, route);
    for (ToolEntry t : routeTools) {
      if (t.glob().matches(tool)) {
        m = merge(m, t.set());
      }
    }
    return m;
  }

  /**
   * The global set's own sections (its tool entries' too), each with its path, unmerged: for a rule
   * that a route may choose for itself but the global set may not choose for every route.
   */
  public List<Map.Entry<String, JsonNode>> globalSets() {
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    out.add(Map.entry(globalPath, global));
    globalTools.forEach(t -> out.add(Map.entry(t.path(), t.set())));
    return out;
  }

  /** Whether any tool entry (global or the route's) could apply to some tool. */
  public boolean hasToolEntries() {
    return !globalTools.isEmpty() || !routeTools.isEmpty();
  }

  /** Whether some tool entry sets the section {@code name}. */
  public boolean toolsSet(String name) {
    return globalTools.stream().anyMatch(t -> t.set().has(name))
        || routeTools.stream().anyMatch(t -> t.set().has(name));
  }

  /** Whether any tool entry matches {@code tool}. */
  public boolean matchesTool(String tool) {
    return globalTools.stream().anyMatch(t -> t.glob().matches(tool))
        || routeTools.stream().anyMatch(t -> t.glob().matches(tool));
  }

  /** A section as it applies to calls of {@code tool}, or a missing node. */
  public JsonNode sectionForTool(String name, String tool) {
    JsonNode n = effectiveForTool(tool).get(name);
    return n == null ? MissingNode.getInstance() : n;
  }

  /**
   * Each tool entry's view of a section, with the path to name its problems under: the section as
   * it applies to a tool matched by that entry alone. Used to check every entry when the set is
   * read.
   */
  List<Map.Entry<String, JsonNode>> toolViews(String name) {
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    for (ToolEntry t : globalTools) {
      if (t.set().has(name)) {
        JsonNode n = merge(merge(empty(), global), t.set()).get(name);
        out.add(Map.entry(t.path() + "." + name, n == null ? MissingNode.getInstance() : n));
      }
    }
    for (ToolEntry t : routeTools) {
      if (t.set().has(name)) {
        JsonNode n = merge(merge(merge(empty(), global), route), t.set()).get(name);
        out.add(Map.entry(t.path() + "." + name, n == null ? MissingNode.getInstance() : n));
      }
    }
    return out;
  }

  /**
   * Merges {@code over} into a copy of {@code base}: objects member by member, anything else
   * replaced, {@code null} removing.
   */
  public static ObjectNode merge(ObjectNode base, JsonNode over) {
    ObjectNode out = base.deepCopy();
    if (over == null || !over.isObject()) {
      return out;
    }
    for (Map.Entry<String, JsonNode> e : over.properties()) {
      JsonNode v = e.getValue();
      JsonNode was = out.get(e.getKey());
      if (v.isNull()) {
        out.remove(e.getKey());
      } else if (v.isObject() && was != null && was.isObject()) {
        out.set(e.getKey(), merge((ObjectNode) was, v));
      } else {
        out.set(e.getKey(), v.deepCopy());
      }
    }
    return out;
  }

  private static ObjectNode withoutTools(JsonNode set, String path, List<ToolEntry> tools) {
    if (set == null || !set.isObject()) {
      return empty();
    }
    ObjectNode copy = ((ObjectNode) set).deepCopy();
    JsonNode t = copy.remove(TOOLS);
    if (t != null && t.isObject()) {
      for (Map.Entry<String, JsonNode> e : t.properties()) {
        if (!e.getKey().isEmpty() && e.getValue().isObject()) {
          tools.add(
              new ToolEntry(
                  new Glob(e.getKey()),
                  (ObjectNode) e.getValue(),
                  path + "." + TOOLS + "['" + e.getKey() + "']"));
        }
      }
    }
    return copy;
  }

  private static ObjectNode empty() {
    return JsonNodeFactory.instance.objectNode();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PolicyTree t
        && global.equals(t.global)
        && route.equals(t.route)
        && globalTools.equals(t.globalTools)
        && routeTools.equals(t.routeTools);
  }

  @Override
  public int hashCode() {
    return effective.hashCode();
  }
}
