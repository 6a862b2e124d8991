package io.gatehouse.connect;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lists a connection's tools again (for servers that offer tools only after the handshake, or
 * change them) and keeps the result as a check with trigger {@code refresh}, saying which tools
 * came and went since the last check that connected.
 */
public final class ToolRefresh {
  private ToolRefresh() {}

  /**
   * @param added tools listed now and not before (all of them when no check connected before)
   * @param removed tools listed before and not now
   */
  public record Result(Validation validation, List<String> added, List<String> removed) {
    public Result {
      added = List.copyOf(added);
      removed = List.copyOf(removed);
    }

    /** Whether the tool list differs from the last one seen (a failed refresh changes nothing). */
    public boolean changed() {
      return !added.isEmpty() || !removed.isEmpty();
    }
  }

  /** Refreshes {@code name} as {@code user} (null for nobody's token). */
  public static Result refresh(Connections connections, String project, String name, String user) {
    List<String> before = lastTools(connections.checks(project, name));
    Validation v = connections.validate(project, name, user, "refresh");
    if (!v.connected()) {
      return new Result(v, List.of(), List.of());
    }
    List<String> added = new ArrayList<>(v.tools());
    added.removeAll(before);
    List<String> removed = new ArrayList<>(before);
    removed.removeAll(v.tools());
    return new Result(v, added, removed);
  }

  /** The result as the admin API shows it: the check, and what changed. */
  public static ObjectNode json(Result r) {
    ObjectNode n = Connections.validationJson(r.validation()).put("trigger", "refresh");
    n.put("toolsChanged", r.changed());
    var added = n.putArray("added");
    r.added().forEach(added::add);
    var removed = n.putArray("removed");
    r.removed().forEach(removed::add);
    return n;
  }

  private static List<String> lastTools(List<JsonNode> checks) {
    for (JsonNode c : checks) {
      if (Validation.CONNECTED.equals(c.path("status").asString(""))) {
        List<String> tools = new ArrayList<>();
        c.path("tools").forEach(t -> tools.add(t.asString("")));
        return tools;
      }
    }
    return List.of();
  }
}
