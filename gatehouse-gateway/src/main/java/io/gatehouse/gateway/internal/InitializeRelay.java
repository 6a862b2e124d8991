package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpOutcome;
import io.gatehouse.protocol.EnvelopeScanner;
import io.gatehouse.protocol.InitializeResult;
import io.gatehouse.protocol.JsonRpcMessage;
import io.gatehouse.protocol.ProtocolException;
import io.gatehouse.protocol.sse.SseEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Relays {@code initialize}. Unlike other requests it waits for the whole answer before answering, so
 * the session id it issues can carry the protocol version the upstream negotiated, and no id is issued
 * when the upstream refused. The answer goes back as JSON unless the upstream sent more than the result.
 */
final class InitializeRelay {
  private static final int MAX_EVENTS = 1000;

  private final McpExchange ex;
  private final JsonRpcMessage m;
  private final PendingReply pending;
  private final Function<String, String> sealSession;

  /** @param sealSession seals a session id for the negotiated protocol version */
  InitializeRelay(McpExchange ex, JsonRpcMessage m, PendingReply pending, Function<String, String> sealSession) {
    this.ex = ex;
    this.m = m;
    this.pending = pending;
    this.sealSession = sealSession;
  }

  McpOutcome run() {
    return switch (pending.await()) {
      case UpstreamReply.Message msg -> new McpOutcome.Reply(200, msg.json(), null, header(msg.json()));
      case UpstreamReply.Events ev -> events(ev.source());
      case UpstreamReply.Accepted a -> throw new GatewayException(GatewayErrors.UPSTREAM_PROTOCOL_ERROR,
          "route '" + ex.route().name() + "': the upstream accepted initialize without answering it");
      case UpstreamReply.Failure f -> throw UpstreamRelay.failure(ex.route(), null, f);
    };
  }

  private McpOutcome events(EventSource source) {
    List<SseEvent> events = new ArrayList<>();
    SseEvent answer = null;
    try (source) {
      for (SseEvent e = source.next(); e != null && answer == null && events.size() < MAX_EVENTS; e = source.next()) {
        events.add(e);
        answer = isAnswer(e) ? e : null;
      }
    }
    if (answer == null) {
      throw new GatewayException(GatewayErrors.UPSTREAM_PROTOCOL_ERROR,
          "route '" + ex.route().name() + "': the upstream ended its initialize stream without answering");
    }
    Map<String, String> header = header(answer.data());
    Downstream downstream = ex.attr(UpstreamRelay.DOWNSTREAM);
    long others = events.stream().filter(e -> e.hasData() && e != events.getLast()).count();
    if (others == 0 || !downstream.acceptsEventStream()) {
      return new McpOutcome.Reply(200, answer.data(), null, header);
    }
    DownstreamStream stream = downstream.open(header);
    SseEvent first = events.getFirst();
    boolean priming = first.id() != null && !first.hasData();
    stream.prime(priming ? first : null);
    events.stream().skip(priming ? 1 : 0).forEach(stream::emit);
    stream.complete();
    return new McpOutcome.Streamed(200, null, (int) others + 1);
  }

  private Map<String, String> header(byte[] answer) {
    String version = InitializeResult.protocolVersion(answer);
    return version == null ? Map.of() : UpstreamRelay.sessionHeader(sealSession.apply(version));
  }

  private boolean isAnswer(SseEvent e) {
    if (!e.hasData() || !e.isMessage()) {
      return false;
    }
    try {
      JsonRpcMessage answer = EnvelopeScanner.scan(e.data());
      return answer.isResponse() && m.id().equals(answer.id());
    } catch (ProtocolException pe) {
      return false;
    }
  }
}
