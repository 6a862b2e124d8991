package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.RouteDefinition;
import io.gatehouse.protocol.EnvelopeScanner;
import io.gatehouse.protocol.McpMethods;
import io.netty.channel.EventLoop;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One {@code subscriptions/listen} of a 2026-07-28 caller, served from its pooled session's GET
 * stream ({@link BridgeFeed}) and {@code resources/subscribe} upstream for the URIs it names. Its
 * stream starts with {@code notifications/subscriptions/acknowledged} naming what it will get, then
 * carries only those notifications, each tagged with the listen request's id as its subscription id
 * (2026-07-28, subscriptions). It lasts until the caller closes it or the upstream ends; then it
 * unsubscribes upstream from what no other listen of the session wants.
 */
final class BridgeListen {
  static final String SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";

  private final Bridge bridge;
  private final BridgeSession session;
  private final BridgeCaller caller;
  private final ObjectNode agreed;
  private final Set<String> uris = new HashSet<>();
  private boolean acknowledged;

  BridgeListen(Bridge bridge, BridgeSession session, BridgeCaller caller, ObjectNode request) {
    this.bridge = bridge;
    this.session = session;
    this.caller = caller;
    this.agreed = agreed(BridgeJson.params(request).path("notifications"), session.initialized);
    agreed.path("resourceSubscriptions").forEach(u -> uris.add(u.asString()));
  }

  /**
   * What the listen gets: the list changes it asked for, and its resource subscriptions if the
   * upstream supports subscribing at all.
   */
  private static ObjectNode agreed(JsonNode asked, ObjectNode initialized) {
    ObjectNode out = BridgeJson.NODES.objectNode();
    for (String flag : List.of("toolsListChanged", "promptsListChanged", "resourcesListChanged")) {
      if (asked.path(flag).asBoolean(false)) {
        out.put(flag, true);
      }
    }
    if (asked.get("resourceSubscriptions") instanceof ArrayNode a
        && initialized.path("capabilities").path("resources").path("subscribe").asBoolean(false)) {
      out.set("resourceSubscriptions", a.deepCopy());
    }
    return out;
  }

  void start() {
    session.acquire();
    caller.openStream();
    caller.call().edge.onClose(this::closed);
    session.feed(bridge.relay()).add(this, caller.call().edge.loop(), caller.ex());
  }

  /** The upstream stream is open: acknowledge, and subscribe upstream to the URIs asked for. */
  synchronized void ready() {
    if (acknowledged) {
      return;
    }
    acknowledged = true;
    ObjectNode params = BridgeJson.NODES.objectNode();
    params.set("notifications", agreed);
    params.set("_meta", BridgeJson.NODES.objectNode().set(SUBSCRIPTION_ID, caller.id()));
    caller.event(
        BridgeJson.write(
            BridgeJson.NODES
                .objectNode()
                .put("jsonrpc", "2.0")
                .put("method", "notifications/subscriptions/acknowledged")
                .set("params", params)));
    session.feed(bridge.relay()).subscribe(this);
  }

  /** The resources this listen subscribed to upstream. */
  Set<String> uris() {
    return uris;
  }

  /**
   * Sends {@code resources/subscribe} or {@code resources/unsubscribe} of {@code uri} upstream;
   * done when the upstream answered, failed, or did not answer within the route's connect timeout
   * and ten seconds (the next change of the URI waits for it).
   */
  CompletableFuture<Void> send(String method, String uri) {
    ObjectNode params = BridgeJson.NODES.objectNode().put("uri", uri);
    byte[] body =
        BridgeJson.write(
            BridgeJson.NODES
                .objectNode()
                .put("jsonrpc", "2.0")
                .put("id", session.nextId())
                .put("method", method)
                .set("params", params));
    CompletableFuture<Void> done = new CompletableFuture<>();
    EventLoop loop = caller.call().edge.loop();
    loop.execute(
        () -> {
          Upstreams.Pending p =
              bridge
                  .relay()
                  .upstreams
                  .send(
                      loop,
                      caller.ex().withMessage(EnvelopeScanner.scan(body), body, session.token),
                      session.token,
                      BridgeCall.forwarded(session.token, List.of()),
                      new Answered(caller.ex().route(), done));
          Timeouts.after(
              loop,
              caller.ex().route().timeouts().connect().plusSeconds(10),
              () -> {
                if (done.complete(null)) {
                  p.abort();
                }
              });
        });
    return done;
  }

  /** A {@link Relay.Quiet} answer that says when the upstream has answered, however it did. */
  private static final class Answered extends Relay.Quiet {
    private final CompletableFuture<Void> done;

    Answered(RouteDefinition route, CompletableFuture<Void> done) {
      super(route);
      this.done = done;
    }

    @Override
    public void accepted(String upstreamSessionId) {
      done.complete(null);
    }

    @Override
    public void message(String upstreamSessionId, byte[] json) {
      done.complete(null);
    }

    @Override
    public void streamEnded() {
      done.complete(null);
    }

    @Override
    public void refused(int status, byte[] body, boolean json) {
      super.refused(status, body, json);
      done.complete(null);
    }

    @Override
    public void failed(GatewayException e) {
      super.failed(e);
      done.complete(null);
    }
  }

  /** A notification off the upstream stream: passed on, tagged, when the listen asked for it. */
  void offer(String method, byte[] json) {
    if (!wants(method, json)) {
      return;
    }
    ObjectNode m = BridgeJson.read(json);
    ObjectNode params = m.get("params") instanceof ObjectNode p ? p : m.putObject("params");
    ObjectNode meta = params.get("_meta") instanceof ObjectNode o ? o : params.putObject("_meta");
    meta.set(SUBSCRIPTION_ID, caller.id());
    caller.event(BridgeJson.write(m));
  }

  private boolean wants(String method, byte[] json) {
    return switch (method) {
      case "notifications/tools/list_changed" -> agreed.has("toolsListChanged");
      case "notifications/prompts/list_changed" -> agreed.has("promptsListChanged");
      case "notifications/resources/list_changed" -> agreed.has("resourcesListChanged");
      case "notifications/resources/updated" ->
          uris.contains(BridgeJson.read(json).path("params").path("uri").asString(""));
      default -> false;
    };
  }

  /**
   * The upstream stream ended: the listen ends with its result (the subscription ended), or with
   * the error.
   */
  void end(GatewayException e) {
    if (e != null) {
      caller.fail(e);
    } else {
      ObjectNode result = BridgeJson.NODES.objectNode().put("resultType", "complete");
      result.set("_meta", BridgeJson.NODES.objectNode().set(SUBSCRIPTION_ID, caller.id()));
      caller.answer(BridgeJson.result(caller.id(), result));
    }
    closed();
  }

  /**
   * The listen is over: the upstream is unsubscribed from the resources no other listen of the
   * pooled session still wants (the session outlives the listen, and its subscriptions with it).
   */
  private void closed() {
    caller.close();
    if (caller.finish()) {
      session.feed(bridge.relay()).remove(this);
      session.release();
    }
  }

  static boolean isListen(String method) {
    return McpMethods.SUBSCRIPTIONS_LISTEN.equals(method);
  }
}
