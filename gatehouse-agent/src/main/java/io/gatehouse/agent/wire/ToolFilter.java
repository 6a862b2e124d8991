package io.gatehouse.agent.wire;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A set of tools, as the Responses API names one in {@code allowed_tools} and {@code
 * require_approval}: by name, or by MCP's {@code readOnlyHint} annotation, or both (a tool matches
 * when it is named or its read-only hint equals {@code readOnly}).
 *
 * @param toolNames the tools named, or null
 * @param readOnly the read-only hint the tools have, or null
 */
public record ToolFilter(List<String> toolNames, Boolean readOnly) {
  public ToolFilter {
    toolNames = toolNames == null ? null : List.copyOf(toolNames);
  }

  /** Whether the tool {@code name}, whose annotations are {@code annotations}, is in the set. */
  public boolean matches(String name, JsonNode annotations) {
    if (toolNames != null && toolNames.contains(name)) {
      return true;
    }
    if (readOnly != null) {
      boolean hint = annotations != null && annotations.path("readOnlyHint").asBoolean(false);
      return hint == readOnly;
    }
    return false;
  }

  public ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    if (toolNames != null) {
      toolNames.forEach(n.putArray("tool_names")::add);
    }
    if (readOnly != null) {
      n.put("read_only", readOnly);
    }
    return n;
  }
}
