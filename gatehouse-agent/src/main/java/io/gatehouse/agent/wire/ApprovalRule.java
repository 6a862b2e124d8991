package io.gatehouse.agent.wire;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * An mcp tool's {@code require_approval}, normalised: {@code "always"}, {@code "never"}, or the
 * filters {@code {always: {...}, never: {...}}} (accepted also in Foundry's {@code {"always":
 * [..]}} / {@code {"never": [..]}} forms). A tool the {@code always} filter matches needs approval;
 * else one the {@code never} filter matches does not; else the default applies, which is {@code
 * always}.
 *
 * @param mode {@code always}, {@code never}, or {@code filter}
 */
public record ApprovalRule(String mode, ToolFilter always, ToolFilter never) {
  public static final ApprovalRule ALWAYS = new ApprovalRule("always", null, null);
  public static final ApprovalRule NEVER = new ApprovalRule("never", null, null);

  /** Whether calling {@code name} needs the user's approval first. */
  public boolean requires(String name, JsonNode annotations) {
    return switch (mode) {
      case "never" -> false;
      case "always" -> true;
      default -> {
        if (always != null && always.matches(name, annotations)) {
          yield true;
        }
        yield never == null || !never.matches(name, annotations);
      }
    };
  }

  /** The OpenAI shape: a string, or the filter object. */
  public JsonNode toJson() {
    if (!mode.equals("filter")) {
      return JsonNodeFactory.instance.stringNode(mode);
    }
    var n = JsonNodeFactory.instance.objectNode();
    if (always != null) {
      n.set("always", always.toJson());
    }
    if (never != null) {
      n.set("never", never.toJson());
    }
    return n;
  }
}
