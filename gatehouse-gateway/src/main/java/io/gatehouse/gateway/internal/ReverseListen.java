package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.protocol.JsonRpcMessage;
import io.gatehouse.protocol.McpMethods;
import io.gatehouse.protocol.sse.SseEncoder;
import io.gatehouse.protocol.sse.SseEvent;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A bridged session's GET stream, served from the upstream's {@code subscriptions/listen}: it asks
 * for the list changes of tools, prompts and resources and for updates of the URIs the client
 * subscribed to (on this replica), and relays the notifications, without the acknowledgement. A
 * subscription change reopens the upstream's stream with the new filter while the client's stays
 * open. The stream has no event ids: 2026-07-28 upstreams do not resume, so neither does it.
 */
final class ReverseListen implements Answer {
  private static final String ACKNOWLEDGED = "notifications/subscriptions/acknowledged";

  private final Relay relay;
  private final HttpCall call;
  private final McpExchange ex;
  private final Forwarded fwd;
  private final ReverseMemory.Session memory;
  private ReverseRound current;
  private Upstreams.Pending pending = Upstreams.Pending.NONE;
  private EventStream stream;
  private int events;
  private boolean finished;

  ReverseListen(Relay relay, HttpCall call, McpExchange ex, ReverseMemory.Session memory) {
    this.relay = relay;
    this.call = call;
    this.ex = ex;
    this.memory = memory;
    this.fwd =
        new Forwarded(
            io.gatehouse.protocol.ProtocolVersions.MODERN,
            List.of(Map.entry("Mcp-Method", McpMethods.SUBSCRIPTIONS_LISTEN)));
  }

  void start() {
    memory.listening.add(this);
    call.edge.onClose(this::close);
    listen();
    // an upstream that never acknowledges must not leave the client waiting for its stream
    Timeouts.after(
        call.edge.loop(),
        ex.route().timeouts().request(),
        () -> {
          if (stream == null) {
            failed(UpstreamFailures.timeout(ex.route().name(), null));
          }
        });
  }

  private void listen() {
    if (current != null) {
      current.retire();
    }
    current = new ReverseRound(this);
    pending =
        relay.upstreams.post(
            call.edge.loop(), ex, ex.route().upstream().url(), null, body(), fwd, current);
  }

  private byte[] body() {
    ObjectNode listen =
        ReverseJson.JSON
            .createObjectNode()
            .put("jsonrpc", "2.0")
            .put("id", "gatehouse-listen")
            .put("method", McpMethods.SUBSCRIPTIONS_LISTEN);
    ObjectNode filter = listen.putObject("params").putObject("notifications");
    filter.put("toolsListChanged", true).put("promptsListChanged", true);
    filter.put("resourcesListChanged", true);
    ArrayNode uris = filter.putArray("resourceSubscriptions");
    memory.subscribed.stream().sorted().forEach(uris::add);
    return ReverseJson.upstream(listen, null, ex.session().bridgedClient(), null, Map.of());
  }

  /** The session's subscriptions changed: listen again with the new filter. From any thread. */
  void reopen() {
    call.edge
        .loop()
        .execute(
            () -> {
              if (!finished) {
                pending.abort();
                listen();
              }
            });
  }

  @Override
  public void streamStarted(String upstreamSessionId) {}

  @Override
  public void event(SseEvent e) {
    if (finished || !e.hasData() || !e.isMessage()) {
      return;
    }
    JsonRpcMessage m = Messages.of(e);
    if (m == null || m.isResponse()) {
      return;
    }
    if (stream == null) {
      // the client's stream answers once the upstream has acknowledged the subscription, so a
      // change the client makes after its GET is answered is never missed
      stream = call.openStream(Map.of(), relay.settings.keepAlive());
      stream.write(SseEncoder.keepAlive());
    }
    if (ACKNOWLEDGED.equals(m.method())) {
      return;
    }
    stream.write(SseEncoder.encode(Relay.respond(relay, ex, SseEvent.message(null, e.data()))));
    events++;
  }

  @Override
  public void streamEnded() {
    end();
  }

  @Override
  public void message(String upstreamSessionId, byte[] json) {
    failed(
        new GatewayException(
            GatewayErrors.UPSTREAM_PROTOCOL_ERROR,
            "route '"
                + ex.route().name()
                + "': the upstream answered subscriptions/listen"
                + " without a stream"));
  }

  @Override
  public void accepted(String upstreamSessionId) {
    message(upstreamSessionId, null);
  }

  @Override
  public void refused(int status, byte[] body, boolean json) {
    failed(Relay.failure(ex.route(), null, status, body, json));
  }

  @Override
  public void failed(GatewayException e) {
    if (finished) {
      return;
    }
    if (stream == null) {
      finished = true;
      memory.listening.remove(this);
      call.refuse(e);
    } else {
      end();
    }
  }

  /** The client went away, or its session ended here: the upstream's stream closes too. */
  void close() {
    call.edge.loop().execute(this::end);
  }

  private void end() {
    if (finished) {
      return;
    }
    finished = true;
    current.retire();
    pending.abort();
    memory.listening.remove(this);
    if (stream != null) {
      stream.close();
    }
    call.report(200, null, true, events);
  }
}
