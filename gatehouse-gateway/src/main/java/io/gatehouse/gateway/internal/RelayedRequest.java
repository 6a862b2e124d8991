package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.McpOutcome;
import io.gatehouse.protocol.EnvelopeScanner;
import io.gatehouse.protocol.JsonRpcMessage;
import io.gatehouse.protocol.ProtocolException;
import io.gatehouse.protocol.sse.SseEvent;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request on its way upstream and its answer on the way back. Waits {@code sse-after} for the
 * upstream; a quick JSON answer goes back as JSON, anything slower or streamed goes back as an event
 * stream with keep-alives. An upstream stream that ends before the answer, after giving event ids, is
 * resumed from the upstream with {@code Last-Event-ID}, so the caller never sees the gap.
 */
final class RelayedRequest {
  private static final Logger log = LoggerFactory.getLogger(RelayedRequest.class);
  private static final int MAX_UPSTREAM_RESUMES = 20;

  private final UpstreamRelay relay;
  private final McpExchange ex;
  private final JsonRpcMessage m;
  private final Forwarded fwd;
  private final PendingReply pending;
  private final Downstream downstream;
  private DownstreamStream stream;
  private boolean primed;
  private boolean completed;
  private int events;
  private final java.util.Set<String> seenIds = new java.util.HashSet<>();
  private volatile boolean cancelled;
  private volatile EventSource source;

  RelayedRequest(UpstreamRelay relay, McpExchange ex, JsonRpcMessage m, Forwarded fwd, PendingReply pending) {
    this.relay = relay;
    this.ex = ex;
    this.m = m;
    this.fwd = fwd;
    this.pending = pending;
    this.downstream = ex.attr(UpstreamRelay.DOWNSTREAM);
  }

  McpOutcome run() {
    try {
      UpstreamReply reply = pending.await(relay.settings().sseAfter());
      if (reply == null) {
        if (downstream.acceptsEventStream()) {
          openStream(Map.of());
          stream.prime(null);
          primed = true;
        }
        reply = pending.await();
      }
      return answer(reply);
    } catch (GatewayException e) {
      return fail(e);
    } catch (RuntimeException e) {
      String incident = UUID.randomUUID().toString().substring(0, 8);
      log.error("route {}: incident {} relaying {}", ex.route().name(), incident, m.method(), e);
      return fail(new GatewayException(GatewayErrors.INTERNAL_ERROR, "internal error, incident " + incident, e));
    }
  }

  /** Stops relaying: the caller cancelled the request. */
  void cancel() {
    cancelled = true;
    pending.abort();
    EventSource s = source;
    if (s != null) {
      s.close();
    }
  }

  private McpOutcome answer(UpstreamReply reply) {
    return switch (reply) {
      case UpstreamReply.Message msg -> json(msg.json());
      case UpstreamReply.Events ev -> events(ev.source());
      case UpstreamReply.Accepted a -> throw new GatewayException(GatewayErrors.UPSTREAM_PROTOCOL_ERROR,
          "route '" + ex.route().name() + "': the upstream accepted a request without answering it");
      case UpstreamReply.Failure f -> throw UpstreamRelay.failure(ex.route(), ex.session(), f);
    };
  }

  private McpOutcome json(byte[] json) {
    if (stream == null) {
      return McpOutcome.Reply.ok(json);
    }
    endWith(json);
    return new McpOutcome.Streamed(200, null, events + 1);
  }

  private McpOutcome events(EventSource first) {
    source = first;
    if (!downstream.acceptsEventStream() && stream == null) {
      return collect(first);
    }
    if (stream == null) {
      openStream(Map.of());
    }
    String lastUpstreamId = null;
    long retry = -1;
    int resumes = 0;
    EventSource src = first;
    while (true) {
      SseEvent e = src.next();
      if (e == null) {
        if (cancelled) {
          break;
        }
        if (lastUpstreamId == null || !UpstreamRelay.canResumeUpstream(ex) || resumes++ >= MAX_UPSTREAM_RESUMES) {
          throw new GatewayException(GatewayErrors.UPSTREAM_PROTOCOL_ERROR,
              "route '" + ex.route().name() + "': the upstream ended its event stream without answering");
        }
        src = resumeUpstream(lastUpstreamId, retry);
        continue;
      }
      if (e.id() != null && !e.id().isEmpty()) {
        lastUpstreamId = e.id();
      }
      retry = e.retryMillis() >= 0 ? e.retryMillis() : retry;
      // What one upstream event causes (priming, the event, the end of the stream) goes out in one write.
      boolean resumed = resumes > 0;
      if (stream.batch(() -> relayOne(e, resumed) && complete())) {
        break;
      }
    }
    if (!completed && cancelled) {
      stream.park();
    } else if (!completed) {
      stream.complete();
    }
    src.close();
    return new McpOutcome.Streamed(200, cancelled ? GatewayErrors.REQUEST_CANCELLED.key() : null, events);
  }

  /**
   * Relays one event; true when it was the answer. Data that is no JSON-RPC message is dropped, and so,
   * after an upstream resumption, are events seen before and answers to other requests: some upstreams
   * replay every stream of the session, which the caller must not see twice.
   */
  private boolean relayOne(SseEvent e, boolean resumed) {
    boolean priming = e.id() != null && !e.hasData();
    if (!primed) {
      primed = true;
      stream.prime(priming ? e : null);
      if (priming) {
        return false;
      }
    }
    if (e.id() != null && !e.id().isEmpty() && !seenIds.add(e.id()) && resumed) {
      return false;
    }
    if (!e.hasData() || !e.isMessage()) {
      stream.emit(e);
      return false;
    }
    JsonRpcMessage msg = Messages.of(e);
    if (msg == null) {
      return false;
    }
    boolean answer = msg.isResponse() && m.id().equals(msg.id());
    if (resumed && msg.isResponse() && !answer) {
      return false;
    }
    stream.emit(e);
    events++;
    return answer;
  }

  private EventSource resumeUpstream(String lastEventId, long retryMillis) {
    try {
      Thread.sleep(Math.clamp(retryMillis < 0 ? 500 : retryMillis, 0, 30_000));
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new GatewayException(GatewayErrors.INTERNAL_ERROR, "interrupted while resuming the upstream", ie);
    }
    UpstreamReply reply = relay.resume(ex, lastEventId, fwd).await();
    if (!(reply instanceof UpstreamReply.Events ev)) {
      throw new GatewayException(GatewayErrors.UPSTREAM_PROTOCOL_ERROR,
          "route '" + ex.route().name() + "': the upstream could not resume its event stream");
    }
    source = ev.source();
    return ev.source();
  }

  /** For a caller that accepts only JSON: wait for the answer, dropping what comes before it. */
  private McpOutcome collect(EventSource src) {
    try (src) {
      for (SseEvent e = src.next(); e != null; e = src.next()) {
        if (e.hasData() && e.isMessage() && isAnswer(e.data())) {
          return McpOutcome.Reply.ok(e.data());
        }
      }
    }
    throw new GatewayException(GatewayErrors.UPSTREAM_PROTOCOL_ERROR,
        "route '" + ex.route().name() + "': the upstream ended its event stream without answering");
  }

  /** Sends the last message and ends the stream, in one write. */
  private void endWith(byte[] json) {
    stream.batch(() -> {
      stream.emitMessage(json);
      return complete();
    });
  }

  private boolean complete() {
    stream.complete();
    completed = true;
    return true;
  }

  private McpOutcome fail(GatewayException e) {
    if (cancelled) {
      if (stream != null) {
        stream.park();
        return new McpOutcome.Streamed(200, GatewayErrors.REQUEST_CANCELLED.key(), events);
      }
      return ErrorReplies.forRequest(m.id(), new GatewayException(GatewayErrors.REQUEST_CANCELLED, "request cancelled"));
    }
    if (e.error() == GatewayErrors.UPSTREAM_TIMEOUT) {
      relay.cancelUpstream(ex, m, fwd, "Gatehouse: the route's request timeout passed");
    }
    if (stream == null) {
      return ErrorReplies.forRequest(m.id(), e);
    }
    endWith(ErrorReplies.body(m.id(), e));
    return new McpOutcome.Streamed(200, e.error().key(), events);
  }

  private void openStream(Map<String, String> headers) {
    stream = downstream.open(headers);
  }

  private boolean isAnswer(byte[] json) {
    try {
      JsonRpcMessage answer = EnvelopeScanner.scan(json);
      return answer.isResponse() && m.id().equals(answer.id());
    } catch (ProtocolException e) {
      return false;
    }
  }
}
