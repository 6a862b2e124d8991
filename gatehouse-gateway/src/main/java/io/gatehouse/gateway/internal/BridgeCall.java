package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.SessionToken;
import io.gatehouse.protocol.EnvelopeScanner;
import io.gatehouse.protocol.JsonRpcMessage;
import io.gatehouse.protocol.McpMethods;
import io.gatehouse.protocol.sse.SseEvent;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One 2026-07-28 request bridged into a pooled session-era upstream session, from the caller's
 * first POST to the upstream's answer, across the caller's MRTR retries: the upstream's own
 * requests during it (elicitation, sampling, roots) end the caller's POST with {@code
 * input_required}, the upstream request stays open here ({@link BridgeHolds}), and the retry's
 * {@code inputResponses} go to the upstream as the answers it waits for. All of it runs on the
 * event loop of the first POST, where the upstream's events arrive.
 */
final class BridgeCall implements Answer {
  private final Bridge bridge;
  private final EventLoop loop;
  private final ObjectNode request;
  private final String method;
  private BridgeSession session;
  private String upstreamId;
  private McpExchange sent;
  private Upstreams.Pending pending = Upstreams.Pending.NONE;
  private boolean reopened;
  private boolean answered;
  private byte[] heldAnswer;
  private boolean over;

  private BridgeCaller caller;

  private final BridgeInputs inputs = new BridgeInputs();
  private String holdId;
  private ScheduledFuture<?> expiry;
  private ScheduledFuture<?> timer;

  BridgeCall(Bridge bridge, BridgeSession session, BridgeCaller caller, ObjectNode request) {
    this.bridge = bridge;
    this.loop = caller.call().edge.loop();
    this.session = session;
    this.caller = caller;
    this.request = request;
    this.method = request.path("method").asString("");
  }

  EventLoop loop() {
    return loop;
  }

  void start() {
    session.acquire();
    attach(caller);
    send();
  }

  /**
   * {@code c} now waits for this call's answer: its connection closing cancels the upstream
   * request, and the route's request timeout runs while it waits.
   */
  private void attach(BridgeCaller c) {
    caller = c;
    c.call().edge.onClose(() -> loop.execute(() -> callerGone(c)));
    timer =
        Timeouts.after(
            loop,
            c.ex().route().timeouts().request(),
            () -> {
              if (caller == c) {
                fail(UpstreamFailures.timeout(route(), null));
              }
            });
  }

  /** The caller got its answer (or {@code input_required}) and waits no more. */
  private void detach() {
    caller = null;
    if (timer != null) {
      timer.cancel(false);
    }
  }

  private void send() {
    upstreamId = session.nextId();
    byte[] body = BridgeJson.upstreamRequest(request, upstreamId);
    sent = caller.ex().withMessage(EnvelopeScanner.scan(body), body, session.token);
    pending =
        bridge
            .relay()
            .upstreams
            .send(loop, sent, session.token, forwarded(session.token, caller.forwarded()), this);
  }

  /** The caller's headers that go upstream, with the session's negotiated version. */
  static Forwarded forwarded(SessionToken token, List<Map.Entry<String, String>> extra) {
    return new Forwarded(token.protocolVersion().isEmpty() ? null : token.protocolVersion(), extra);
  }

  // ---- the upstream's answer ----

  @Override
  public void accepted(String upstreamSessionId) {
    fail(
        new GatewayException(
            GatewayErrors.UPSTREAM_PROTOCOL_ERROR,
            "route '" + route() + "': the upstream accepted a request without answering it"));
  }

  @Override
  public void message(String upstreamSessionId, byte[] json) {
    JsonRpcMessage m = Messages.of(json);
    if (m != null) {
      dispatch(m, json);
    }
  }

  @Override
  public void streamStarted(String upstreamSessionId) {}

  @Override
  public void event(SseEvent e) {
    JsonRpcMessage m = Messages.of(e);
    if (m != null) {
      dispatch(m, e.data());
    }
  }

  private void dispatch(JsonRpcMessage m, byte[] json) {
    if (over) {
      return;
    }
    if (m.isResponse()) {
      if (m.id() != null && upstreamId.equals(m.id().text())) {
        answered(json);
      }
    } else if (m.isRequest()) {
      asks(json);
    } else if (McpMethods.PROGRESS.equals(m.method()) && caller != null) {
      caller.progress(json);
      Upstreams.Pending p = pending;
      caller.throttle(p::pause, p::resume);
    }
    // Other notifications (logging, list changes) have no place in a 2026-07-28 answer: a
    // 2026-07-28 server sends no log without a per-request log level, and list changes go to
    // subscriptions/listen.
  }

  private void answered(byte[] json) {
    answered = true;
    pending.abort();
    if (caller == null) {
      heldAnswer = json;
      return;
    }
    deliver(json);
  }

  private void deliver(byte[] json) {
    byte[] answer = BridgeJson.clientAnswer(json, caller.id(), method);
    caller.answer(answer);
    detach();
    end();
  }

  /** An upstream request to the caller: shown at once, or on the next retry while none waits. */
  private void asks(byte[] json) {
    inputs.add(BridgeJson.read(json));
    if (caller != null) {
      askCaller();
    }
  }

  /**
   * Ends the caller's POST with {@code input_required} (MRTR, 2026-07-28): the upstream's requests
   * by input key, and a sealed {@code requestState} naming this held call.
   */
  private void askCaller() {
    ObjectNode inputRequests = inputs.ask();
    if (holdId == null) {
      holdId = bridge.holds().hold(this);
    }
    ObjectNode result =
        BridgeJson.NODES
            .objectNode()
            .put("resultType", "input_required")
            .put("requestState", bridge.states().seal(caller.ex(), holdId));
    result.set("inputRequests", inputRequests);
    caller.answer(BridgeJson.result(caller.id(), result));
    detach();
    expiry = Timeouts.after(loop, bridge.settings().inputWait(), this::expired);
  }

  /** No retry came in time: the upstream request is cancelled, and a late retry finds nothing. */
  private void expired() {
    if (caller == null && !over) {
      fail(
          new GatewayException(
              GatewayErrors.PENDING_CALL_GONE,
              "route '" + route() + "': no retry answered the upstream's questions in time"));
    }
  }

  // ---- the caller's retry ----

  /**
   * The caller's retry with its {@code inputResponses}: they go to the upstream as answers to its
   * requests, and the rest of the upstream's answer comes on the retry's response.
   */
  void resume(BridgeCaller retry, ObjectNode inputResponses) {
    if (over) {
      retry.fail(gone());
      return;
    }
    if (caller != null) {
      retry.fail(
          new GatewayException(
              GatewayErrors.INVALID_REQUEST,
              "route '" + route() + "': a retry of this call is already being answered"));
      return;
    }
    String missing = inputs.missing(inputResponses);
    if (missing != null) {
      retry.fail(
          new GatewayException(
              GatewayErrors.INVALID_REQUEST,
              "route '"
                  + route()
                  + "': inputResponses has no answer for '"
                  + missing
                  + "' (expected: one for each key of inputRequests)"));
      return;
    }
    expiry.cancel(false);
    attach(retry);
    inputs.answer(inputResponses, this::answerUpstream);
    if (heldAnswer != null) {
      deliver(heldAnswer);
    } else if (inputs.hasUnasked()) {
      askCaller();
    }
  }

  private void answerUpstream(JsonNode id, JsonNode result) {
    byte[] body = BridgeJson.upstreamResponse(id, result);
    bridge
        .relay()
        .upstreams
        .send(
            loop,
            sent.withMessage(EnvelopeScanner.scan(body), body, session.token),
            session.token,
            forwarded(session.token, List.of()),
            new Relay.Quiet(sent.route()) {
              @Override
              public void refused(int status, byte[] b, boolean json) {
                fail(Relay.failure(sent.route(), session.token, status, b, json));
              }

              @Override
              public void failed(GatewayException e) {
                BridgeCall.this.fail(e);
              }
            });
  }

  // ---- endings ----

  @Override
  public void streamEnded() {
    if (!answered) {
      fail(
          new GatewayException(
              GatewayErrors.UPSTREAM_PROTOCOL_ERROR,
              "route '" + route() + "': the upstream ended its event stream without answering"));
    }
  }

  /**
   * An HTTP error. A 404 is the upstream saying the pooled session expired (transports,
   * 2025-11-25): before anything of this request reached the caller, the session is opened anew and
   * the request sent again, once.
   */
  @Override
  public void refused(int status, byte[] body, boolean json) {
    if (over) {
      return;
    }
    if (status == 404) {
      bridge.pool().invalidate(session);
    }
    if (status == 404 && !reopened && holdId == null && caller != null && !caller.started()) {
      reopened = true;
      session.release();
      bridge.open(
          caller,
          request,
          s -> {
            session = s;
            session.acquire();
            send();
          },
          this::fail);
      return;
    }
    fail(Relay.failure(sent.route(), session.token, status, body, json));
  }

  @Override
  public void failed(GatewayException e) {
    fail(e);
  }

  private void callerGone(BridgeCaller c) {
    if (!over && caller == c) {
      c.gone();
      detach();
      cancelUpstream("the caller closed its connection");
      end();
    }
  }

  private void fail(GatewayException e) {
    if (over) {
      return;
    }
    if (!answered) {
      cancelUpstream(e.getMessage());
    }
    if (caller != null) {
      caller.fail(e);
      detach();
    }
    end();
  }

  private void cancelUpstream(String reason) {
    pending.abort();
    if (sent != null && !answered) {
      bridge.relay().cancelUpstream(loop, sent, forwarded(session.token, List.of()), reason);
    }
  }

  private void end() {
    if (over) {
      return;
    }
    over = true;
    if (expiry != null) {
      expiry.cancel(false);
    }
    if (holdId != null) {
      bridge.holds().release(holdId, this);
    }
    session.release();
  }

  private GatewayException gone() {
    return new GatewayException(
        GatewayErrors.PENDING_CALL_GONE,
        "route '" + route() + "': the call this requestState names has ended");
  }

  private String route() {
    return sent == null ? session.key.route() : sent.route().name();
  }
}
