package io.gatehouse.gateway.internal;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.protocol.JsonRpcMessage;
import io.gatehouse.protocol.ModernProtocol;
import io.gatehouse.protocol.sse.SseEvent;
import io.netty.channel.EventLoop;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * One request of a bridged session sent to its 2026-07-28 upstream, with the client's description
 * in {@code _meta}. The upstream's notifications (progress, log messages) go to the client's event
 * stream as they come. An {@code input_required} result (MRTR) becomes real server-to-client
 * requests on that stream, one per {@code inputRequests} entry; the client's answers, POSTed in its
 * session, are collected into {@code inputResponses} and the request is sent again (with a new id
 * and the upstream's {@code requestState}), at most {@link #MAX_ROUNDS} times. The final answer
 * goes back with the client's id; its {@code resultType} stays, as 2025-11-25 clients ignore fields
 * they do not know.
 */
final class ReverseCall implements Answer {
  static final int MAX_ROUNDS = 8;

  private final Relay relay;
  private final UpstreamEras eras;
  private final ReverseInputs inputs;
  private final EventLoop loop;
  private final McpExchange ex;
  private final ObjectNode request;
  private final Forwarded fwd;
  private final Downstream downstream;
  private final String logLevel;
  private final Map<String, JsonNode> retry = new LinkedHashMap<>();
  private final Map<String, String> asked = new HashMap<>();
  private ObjectNode answers;
  private JsonNode requestState;
  private ReverseRound current;
  private Upstreams.Pending pending = Upstreams.Pending.NONE;
  private DownstreamStream stream;
  private ScheduledFuture<?> timer;
  private int rounds;
  private int events;
  private boolean finished;

  ReverseCall(
      Relay relay,
      UpstreamEras eras,
      ReverseInputs inputs,
      EventLoop loop,
      McpExchange ex,
      ObjectNode request,
      Forwarded fwd,
      Downstream downstream,
      String logLevel) {
    this.relay = relay;
    this.eras = eras;
    this.inputs = inputs;
    this.loop = loop;
    this.ex = ex;
    this.request = request;
    this.fwd = fwd;
    this.downstream = downstream;
    this.logLevel = logLevel;
  }

  void start() {
    JsonRpcMessage m = ex.message();
    relay.sessions.local().started(ex.sessionId(), m.id(), () -> loop.execute(this::cancel));
    downstream.onGone(this::callerGone);
    DownstreamStream early = downstream.openedEarly();
    if (early != null) {
      stream = early;
    }
    send(null);
  }

  private void send(JsonNode id) {
    restartTimer();
    byte[] body = ReverseJson.upstream(request, id, ex.session().bridgedClient(), logLevel, retry);
    if (current != null) {
      current.retire();
    }
    current = new ReverseRound(this);
    pending = relay.upstreams.post(loop, ex, ex.route().upstream().url(), null, body, fwd, current);
  }

  private void restartTimer() {
    if (timer != null) {
      timer.cancel(false);
    }
    timer = Timeouts.after(loop, ex.route().timeouts().request(), this::timedOut);
  }

  @Override
  public void message(String upstreamSessionId, byte[] json) {
    if (!finished) {
      answered(json);
    }
  }

  @Override
  public void streamStarted(String upstreamSessionId) {}

  @Override
  public void event(SseEvent e) {
    if (finished || !e.hasData() || !e.isMessage()) {
      return;
    }
    JsonRpcMessage msg = Messages.of(e);
    if (msg == null) {
      return;
    }
    if (msg.isResponse()) {
      // a 2026-07-28 POST carries one request, so its one response is the answer
      current.retire();
      pending.abort();
      answered(e.data());
    } else if (downstream.acceptsEventStream()) {
      openStream();
      stream.emitMessage(e.data());
      events++;
      Upstreams.Pending p = pending;
      stream.throttle(p::pause, p::resume);
    }
  }

  private void answered(byte[] json) {
    ObjectNode answer = ReverseJson.object(json);
    if (answer == null) {
      fail(notMcp("an answer that is no JSON-RPC message"));
      return;
    }
    JsonNode result = answer.get("result");
    if (result instanceof ObjectNode r
        && ModernProtocol.INPUT_REQUIRED.equals(r.path("resultType").asString(""))) {
      ask(r);
    } else {
      complete(answer);
    }
  }

  /** Sends the upstream's input requests to the client, after checking it can answer them. */
  private void ask(ObjectNode result) {
    if (++rounds > MAX_ROUNDS) {
      fail(
          new GatewayException(
              GatewayErrors.INPUT_ROUNDS_EXCEEDED,
              route() + "the upstream asked for input " + MAX_ROUNDS + " times without answering"));
      return;
    }
    if (!(result.get("inputRequests") instanceof ObjectNode requests) || requests.isEmpty()) {
      fail(notMcp("an input_required result without inputRequests"));
      return;
    }
    if (!downstream.acceptsEventStream()) {
      fail(
          new GatewayException(
              GatewayErrors.INPUT_NEEDS_STREAM,
              route() + "the upstream asks the client for input, and the client takes no stream"));
      return;
    }
    ObjectNode caps = ReverseJson.capabilities(ex.session().bridgedClient());
    for (Map.Entry<String, JsonNode> e : requests.properties()) {
      String missing = ReverseCapabilities.missing(e.getValue(), caps);
      if (missing != null) {
        fail(
            new GatewayException(
                GatewayErrors.CLIENT_CAPABILITY_MISSING,
                route()
                    + "the upstream asks the client for "
                    + e.getValue().path("method").asString("?")
                    + " ('"
                    + e.getKey()
                    + "'), and this session's initialize did not declare capabilities."
                    + missing));
        return;
      }
    }
    restartTimer();
    answers = ReverseJson.JSON.createObjectNode();
    requestState = result.get("requestState");
    openStream();
    for (Map.Entry<String, JsonNode> e : requests.properties()) {
      String key = e.getKey();
      String id = inputs.await(r -> loop.execute(() -> inputAnswered(key, r)));
      asked.put(key, id);
      JsonNode q = e.getValue();
      stream.emitMessage(ReverseJson.request(id, q.path("method").asString(""), q.get("params")));
      events++;
    }
  }

  private void inputAnswered(String key, byte[] response) {
    if (finished || asked.remove(key) == null) {
      return;
    }
    ObjectNode r = ReverseJson.object(response);
    if (r == null || r.has("error") || !r.has("result")) {
      String why = r == null ? "" : r.path("error").path("message").asString("");
      fail(
          new GatewayException(
              GatewayErrors.INPUT_FAILED,
              route() + "the client answered the upstream's '" + key + "' with an error: " + why));
      return;
    }
    answers.set(key, r.get("result"));
    if (asked.isEmpty()) {
      retry.put("inputResponses", answers);
      if (requestState != null) {
        retry.put("requestState", requestState);
      } else {
        retry.remove("requestState");
      }
      send(StringNode.valueOf("gatehouse-retry-" + rounds + "-" + ex.message().id().text()));
    }
  }

  private void openStream() {
    if (stream == null) {
      stream = downstream.open(Map.of());
      stream.prime(null);
    }
  }

  /** The final answer, with the client's id, after the response hooks. */
  private void complete(ObjectNode answer) {
    byte[] out = ModernCall.respond(relay, ex, ReverseJson.withId(answer, request.get("id")));
    if (stream == null) {
      downstream.json(200, out, Map.of());
      finish(200, null, false);
    } else {
      endWith(out);
      finish(200, null, true);
    }
  }

  /**
   * A 2026-07-28 error comes with its HTTP status ({@code 404}/{@code -32601}, {@code 400}/{@code
   * -32602}, {@code -32021}); the client gets the JSON-RPC error as it is.
   */
  @Override
  public void refused(int status, byte[] body, boolean json) {
    if (finished) {
      return;
    }
    ObjectNode answer = json && status < 500 ? ReverseJson.object(body) : null;
    if (answer != null && answer.has("error")) {
      complete(answer);
    } else {
      eras.forget(ex.route());
      fail(Relay.failure(ex.route(), null, status, body, json));
    }
  }

  @Override
  public void accepted(String upstreamSessionId) {
    fail(notMcp("202 to a request"));
  }

  @Override
  public void streamEnded() {
    fail(notMcp("an event stream that ended without an answer"));
  }

  @Override
  public void failed(GatewayException e) {
    // an auto route's next initialize asks the upstream again (the sessions already bridged stay
    // so)
    eras.forget(ex.route());
    fail(e);
  }

  private void timedOut() {
    if (!finished) {
      fail(UpstreamFailures.timeout(ex.route().name(), null));
    }
  }

  /**
   * The client cancelled ({@code notifications/cancelled}): closing the upstream's stream cancels.
   */
  private void cancel() {
    if (finished) {
      return;
    }
    pending.abort();
    if (stream != null) {
      stream.park();
      finish(200, GatewayErrors.REQUEST_CANCELLED, true);
    } else {
      fail(new GatewayException(GatewayErrors.REQUEST_CANCELLED, "request cancelled"));
    }
  }

  private void callerGone() {
    if (!finished && stream == null) {
      pending.abort();
      finish(499, GatewayErrors.REQUEST_CANCELLED, false);
    }
  }

  private void fail(GatewayException e) {
    if (finished) {
      return;
    }
    pending.abort();
    byte[] body = RpcErrors.body(ex.message().id(), e);
    // the bridge answers as a session-era server would: a JSON-RPC error in a 200 answer
    if (stream == null) {
      downstream.json(200, body, RpcErrors.headers(e));
      finish(200, e.error(), false);
    } else {
      endWith(body);
      finish(200, e.error(), true);
    }
  }

  private void endWith(byte[] json) {
    stream.batch(
        () -> {
          stream.emitMessage(json);
          stream.complete();
        });
    events++;
  }

  private GatewayException notMcp(String what) {
    return new GatewayException(
        GatewayErrors.UPSTREAM_PROTOCOL_ERROR, route() + "the upstream answered with " + what);
  }

  private String route() {
    return "route '" + ex.route().name() + "': ";
  }

  private void finish(int status, ErrorKey error, boolean streamed) {
    finished = true;
    if (current != null) {
      current.retire();
    }
    if (timer != null) {
      timer.cancel(false);
    }
    asked.values().forEach(inputs::forget);
    relay.sessions.local().finished(ex.sessionId(), ex.message().id());
    downstream.finished(status, error, streamed, events);
  }
}
