package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.BridgeSettings;
import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.mrtr.RequestState;
import io.gatehouse.protocol.McpMethods;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * The forward era bridge: 2026-07-28 requests to a route whose upstream speaks the session era.
 * Each goes into a pooled upstream session ({@link BridgePool}) of the caller's principal and
 * capabilities; {@code server/discover} is answered from that session's {@code initialize} result;
 * a retry carrying a {@code requestState} continues the held call it names ({@link BridgeHolds}),
 * and is never sent upstream as a new call.
 */
final class Bridge implements AutoCloseable {
  private final Relay relay;
  private final BridgeSettings settings;
  private final BridgePool pool;
  private final BridgeHolds holds = new BridgeHolds();
  private final BridgeStates states;
  private final BridgeHop hop;

  /**
   * @param hop sends a retry to the replica holding its call; null when no replica is reached
   */
  Bridge(
      Relay relay,
      BridgeSettings settings,
      BridgeStates states,
      BridgeHop hop,
      ScheduledExecutorService timer) {
    this.relay = relay;
    this.settings = settings;
    this.states = states;
    this.hop = hop;
    this.pool = new BridgePool(relay.upstreams, settings, timer);
  }

  Relay relay() {
    return relay;
  }

  BridgeSettings settings() {
    return settings;
  }

  BridgePool pool() {
    return pool;
  }

  BridgeHolds holds() {
    return holds;
  }

  BridgeStates states() {
    return states;
  }

  /** Answers the 2026-07-28 message of {@code ex} (its policies have let it through). */
  void relay(HttpCall call, McpExchange ex, HttpHeaders h, boolean sse, EventStream early) {
    if (call.fromPeer
        && !(ex.message().isRequest()
            && BridgeJson.params(BridgeJson.read(ex.body())).has("requestState"))) {
      // decision 21: the peer port continues what this replica holds; it never starts a call
      call.refuse(notHeld(ex.route().name()));
      return;
    }
    if (!ex.message().isRequest()) {
      // 2026-07-28 clients cancel by closing the connection; a notification has nowhere to go
      call.empty(202, Map.of());
      call.report(202, null, false, 0);
      return;
    }
    BridgeCaller caller =
        new BridgeCaller(
            relay, call, ex, sse, early, StreamableHttp.forwarded(h, null, ex.message()).extra());
    ObjectNode request = BridgeJson.read(ex.body());
    GatewayException wrong = BridgeJson.refusal(ex.route().name(), request);
    if (wrong != null) {
      caller.fail(wrong);
      return;
    }
    if (BridgeJson.params(request).has("requestState")) {
      resume(caller, request);
      return;
    }
    open(
        caller,
        request,
        s -> {
          if (McpMethods.SERVER_DISCOVER.equals(ex.message().method())) {
            caller.answer(BridgeJson.result(caller.id(), BridgeJson.discover(s.initialized)));
          } else if (BridgeListen.isListen(ex.message().method())) {
            new BridgeListen(this, s, caller, request).start();
          } else {
            new BridgeCall(this, s, caller, request).start();
          }
        },
        caller::fail);
  }

  /** Calls {@code ready} with the pooled session for {@code caller}, opening it if needed. */
  void open(
      BridgeCaller caller,
      ObjectNode request,
      Consumer<BridgeSession> ready,
      Consumer<GatewayException> failed) {
    McpExchange ex = caller.ex();
    ObjectNode capabilities = BridgeJson.clientCapabilities(request);
    BridgeKey key =
        BridgeKey.of(
            ex.route().name(),
            ex.route().upstream().url(),
            ex.principalId(),
            ex.callerAddress(),
            BridgeJson.canonical(capabilities));
    pool.session(
        caller.call().edge.loop(),
        ex,
        key,
        BridgeJson.initialize(request, capabilities),
        ready,
        failed);
  }

  /**
   * A retry with {@code requestState}: opened and checked (principal, route, request, expiry), then
   * handed to the held call it names on that call's event loop.
   */
  private void resume(BridgeCaller caller, ObjectNode request) {
    RequestState state;
    try {
      state = states.open(caller.ex(), request);
    } catch (GatewayException e) {
      caller.fail(e);
      return;
    }
    boolean here = settings.replica().equals(state.replica());
    if (!here && hop != null && !caller.call().fromPeer) {
      hop.forward(caller, state.replica());
      return;
    }
    BridgeCall held = here ? holds.get(state.payload()) : null;
    if (held == null) {
      caller.fail(notHeld(caller.ex().route().name()));
      return;
    }
    ObjectNode responses =
        BridgeJson.params(request).get("inputResponses") instanceof ObjectNode o
            ? o
            : BridgeJson.NODES.objectNode();
    held.loop().execute(() -> held.resume(caller, responses));
  }

  static GatewayException notHeld(String route) {
    return new GatewayException(
        GatewayErrors.PENDING_CALL_GONE,
        "route '"
            + route
            + "': the call this requestState names is not held by this gateway any more");
  }

  @Override
  public void close() {
    if (hop != null) {
      hop.close();
    }
    pool.close();
  }
}
