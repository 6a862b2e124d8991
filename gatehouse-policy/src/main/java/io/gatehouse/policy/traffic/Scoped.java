package io.gatehouse.policy.traffic;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A section's settings for one route: those that apply to the route as a whole, and those that
 * apply to calls of a given tool when a tool entry matches it (read once per tool name and kept).
 *
 * @param <T> the section's settings
 */
public final class Scoped<T> {
  /** How many tool names keep their settings; beyond that they are read again per call. */
  private static final int KEPT_TOOLS = 1024;

  private final PolicyTree tree;
  private final Section<T> section;
  private final T route;
  private final boolean toolSpecific;
  private final Map<String, T> byTool = new ConcurrentHashMap<>();

  private Scoped(PolicyTree tree, Section<T> section, T route, boolean toolSpecific) {
    this.tree = tree;
    this.section = section;
    this.route = route;
    this.toolSpecific = toolSpecific;
  }

  /**
   * Reads {@code section} from {@code tree} for the route and for every tool entry that sets it,
   * adding what is wrong to {@code problems}.
   */
  public static <T> Scoped<T> read(PolicyTree tree, Section<T> section, Problems problems) {
    T route =
        section.read(tree.section(section.name()), tree.path() + "." + section.name(), problems);
    for (Map.Entry<String, tools.jackson.databind.JsonNode> v : tree.toolViews(section.name())) {
      section.read(v.getValue(), v.getKey(), problems);
    }
    return new Scoped<>(tree, section, route, tree.toolsSet(section.name()));
  }

  /** The settings for the route as a whole (and for tools no entry names). */
  public T route() {
    return route;
  }

  /** Whether some tool entry sets this section, so {@link #forTool} may differ from the route's. */
  public boolean toolSpecific() {
    return toolSpecific;
  }

  /** The settings for calls of {@code tool} (null: the route's). */
  public T forTool(String tool) {
    if (!toolSpecific || tool == null || !tree.matchesTool(tool)) {
      return route;
    }
    T kept = byTool.get(tool);
    if (kept != null) {
      return kept;
    }
    // Checked when the set was read, entry by entry; a combination of entries is read here.
    Problems ignored = new Problems();
    T t = section.read(tree.sectionForTool(section.name(), tool), tree.path(), ignored);
    if (!ignored.isEmpty()) {
      t = route;
    }
    if (byTool.size() < KEPT_TOOLS) {
      byTool.put(tool, t);
    }
    return t;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Scoped<?> s && tree.equals(s.tree) && section.equals(s.section);
  }

  @Override
  public int hashCode() {
    return tree.hashCode() * 31 + section.hashCode();
  }
}
