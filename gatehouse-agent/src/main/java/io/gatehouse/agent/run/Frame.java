package io.gatehouse.agent.run;

import io.gatehouse.agent.model.ChatMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One agent's conversation within a response chain: the main agent's (or an ad-hoc response's), or
 * a subagent's while it works on a delegated task. A frame waiting on a subagent holds the
 * subagent's frame as its {@link #child}.
 */
final class Frame {
  /** The stored agent this frame runs, or null for an ad-hoc response. */
  final String agent;

  final List<ChatMessage> transcript;
  List<PendingCall> pending = new ArrayList<>();

  /** Server labels whose listing already asked for the user's consent once. */
  final Set<String> consentAsked = new HashSet<>();

  Frame child;

  Frame(String agent, List<ChatMessage> transcript) {
    this.agent = agent;
    this.transcript = new ArrayList<>(transcript);
  }

  /** Whether the frame stopped right after a listing that needs consent. */
  boolean waitingForConsent;

  ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    if (agent != null) {
      n.put("agent", agent);
    }
    n.set("transcript", Transcript.write(transcript));
    var p = n.putArray("pending");
    pending.forEach(c -> p.add(c.toJson()));
    var c = n.putArray("consent_asked");
    consentAsked.forEach(c::add);
    n.put("waiting_for_consent", waitingForConsent);
    if (child != null) {
      n.set("child", child.toJson());
    }
    return n;
  }

  static Frame read(JsonNode n) {
    Frame f =
        new Frame(
            n.path("agent").isString() ? n.get("agent").stringValue() : null,
            Transcript.read(n.path("transcript")));
    n.path("pending").forEach(p -> f.pending.add(PendingCall.read(p)));
    n.path("consent_asked").forEach(l -> f.consentAsked.add(l.asString()));
    f.waitingForConsent = n.path("waiting_for_consent").asBoolean(false);
    if (n.hasNonNull("child")) {
      f.child = read(n.get("child"));
    }
    return f;
  }
}
