package io.gatehouse.agent.run;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A tool call of the model's last turn in a frame that has not got its result yet (or got it while
 * a sibling call waits): for an approval, for consent, or for a subagent that is itself waiting.
 */
final class PendingCall {
  static final String APPROVAL = "approval";
  static final String CONSENT = "consent";
  static final String DELEGATE = "delegate";
  static final String DONE = "done";

  final String callId;
  final String function;
  final String label;
  final String tool;
  final String arguments;
  String state;
  String approvalId;
  String result;

  PendingCall(
      String callId, String function, String label, String tool, String arguments, String state) {
    this.callId = callId;
    this.function = function;
    this.label = label;
    this.tool = tool;
    this.arguments = arguments;
    this.state = state;
  }

  ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("call_id", callId).put("function", function).put("label", label).put("tool", tool);
    n.put("arguments", arguments).put("state", state);
    if (approvalId != null) {
      n.put("approval_id", approvalId);
    }
    if (result != null) {
      n.put("result", result);
    }
    return n;
  }

  static PendingCall read(JsonNode n) {
    PendingCall p =
        new PendingCall(
            n.path("call_id").asString(),
            n.path("function").asString(),
            n.path("label").isString() ? n.get("label").stringValue() : null,
            n.path("tool").isString() ? n.get("tool").stringValue() : null,
            n.path("arguments").asString("{}"),
            n.path("state").asString());
    p.approvalId = n.path("approval_id").isString() ? n.get("approval_id").stringValue() : null;
    p.result = n.path("result").isString() ? n.get("result").stringValue() : null;
    return p;
  }
}
