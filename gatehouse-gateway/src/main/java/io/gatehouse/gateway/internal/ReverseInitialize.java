package io.gatehouse.gateway.internal;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.UpstreamTransport;
import io.gatehouse.protocol.JsonRpcMessage;
import io.gatehouse.protocol.McpMethods;
import io.gatehouse.protocol.ProtocolVersions;
import io.gatehouse.protocol.sse.SseEvent;
import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answers a 2025-11-25 {@code initialize} for a 2026-07-28 upstream itself: it asks the upstream's
 * {@code server/discover} (with the client's capabilities and info in {@code _meta}), makes the
 * {@code initialize} result from it, and issues a sealed session id that holds no upstream session
 * but the client's description, so any replica can carry the session's requests.
 */
final class ReverseInitialize implements Answer {
  private final Relay relay;
  private final UpstreamEras eras;
  private final EventLoop loop;
  private final McpExchange ex;
  private final Forwarded fwd;
  private final Downstream downstream;
  private final ObjectNode request;
  private final String client;
  private Upstreams.Pending pending = Upstreams.Pending.NONE;
  private ScheduledFuture<?> deadline;
  private boolean finished;

  ReverseInitialize(
      Relay relay,
      UpstreamEras eras,
      EventLoop loop,
      McpExchange ex,
      ObjectNode request,
      Forwarded fwd,
      Downstream downstream) {
    this.relay = relay;
    this.eras = eras;
    this.loop = loop;
    this.ex = ex;
    this.request = request;
    this.fwd = fwd;
    this.downstream = downstream;
    this.client = ReverseJson.client(ex.body());
  }

  void start() {
    deadline =
        Timeouts.after(
            loop,
            ex.route().timeouts().request(),
            () -> {
              pending.abort();
              fail(UpstreamFailures.timeout(ex.route().name(), null));
            });
    ObjectNode discover = ReverseJson.JSON.createObjectNode().put("jsonrpc", "2.0");
    discover.set("id", request.get("id"));
    discover.put("method", McpMethods.SERVER_DISCOVER);
    byte[] body = ReverseJson.upstream(discover, null, client, null, Map.of());
    pending = relay.upstreams.post(loop, ex, ex.route().upstream().url(), null, body, fwd, this);
  }

  @Override
  public void message(String upstreamSessionId, byte[] json) {
    if (finished) {
      return;
    }
    ObjectNode answer = ReverseJson.object(json);
    if (answer == null || !(answer.get("result") instanceof ObjectNode discovered)) {
      if (answer != null && answer.has("error")) {
        answer(ReverseJson.withId(answer, request.get("id")), Map.of());
      } else {
        fail(
            new GatewayException(
                GatewayErrors.UPSTREAM_PROTOCOL_ERROR,
                "route '"
                    + ex.route().name()
                    + "': the upstream's server/discover answer is no"
                    + " result"));
      }
      return;
    }
    String version = negotiated(request.path("params").path("protocolVersion"));
    byte[] result =
        ReverseJson.result(request.get("id"), ReverseJson.initializeResult(discovered, version));
    String sealed = relay.seal(ex, UpstreamTransport.STREAMABLE_HTTP, null, version, client);
    ex.attr(AccessLog.ISSUED_SESSION, sealed);
    answer(ModernCall.respond(relay, ex, result), Relay.sessionHeader(sealed));
  }

  /** The client's version when the gateway speaks it, else the latest session-era one. */
  static String negotiated(JsonNode requested) {
    String v = requested.asString("");
    return ProtocolVersions.isSupported(v) ? v : ProtocolVersions.LATEST;
  }

  @Override
  public void event(SseEvent e) {
    if (!finished && e.hasData() && e.isMessage()) {
      JsonRpcMessage m = Messages.of(e);
      if (m != null && m.isResponse()) {
        pending.abort();
        message(null, e.data());
      }
    }
  }

  @Override
  public void streamStarted(String upstreamSessionId) {}

  @Override
  public void streamEnded() {
    fail(
        new GatewayException(
            GatewayErrors.UPSTREAM_PROTOCOL_ERROR,
            "route '" + ex.route().name() + "': the upstream ended server/discover unanswered"));
  }

  @Override
  public void accepted(String upstreamSessionId) {
    streamEnded();
  }

  @Override
  public void refused(int status, byte[] body, boolean json) {
    ObjectNode answer = json && status < 500 ? ReverseJson.object(body) : null;
    if (!finished && answer != null && answer.has("error")) {
      answer(ReverseJson.withId(answer, request.get("id")), Map.of());
    } else {
      eras.forget(ex.route());
      fail(Relay.failure(ex.route(), null, status, body, json));
    }
  }

  @Override
  public void failed(GatewayException e) {
    eras.forget(ex.route());
    fail(e);
  }

  private void answer(byte[] json, Map<String, String> headers) {
    downstream.json(200, json, headers);
    finish(200, null);
  }

  private void fail(GatewayException e) {
    if (finished) {
      return;
    }
    int status = RpcErrors.statusForRequest(e.error());
    downstream.json(status, RpcErrors.body(ex.message().id(), e), RpcErrors.headers(e));
    finish(status, e.error());
  }

  private void finish(int status, ErrorKey error) {
    finished = true;
    deadline.cancel(false);
    downstream.finished(status, error, false, 0);
  }
}
