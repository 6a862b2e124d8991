package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.http.HttpResponse;
import io.gatehouse.protocol.sse.SseEncoder;
import io.gatehouse.protocol.sse.SseEvent;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One 2026-07-28 POST waiting for a bridged answer: the caller's HTTP exchange, how it takes the
 * answer (JSON, or an event stream once progress comes and the caller takes streams), and its own
 * request id, which the upstream never sees. Its methods may run on any event loop (progress comes
 * on the upstream's, the answer or the caller's closing on the caller's, a forwarded answer on a
 * thread of its own), so its stream and counters are kept under its lock; the edge writes on the
 * caller's own loop.
 */
final class BridgeCaller {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BridgeCaller.class);
  private final Relay relay;
  private final HttpCall call;
  private final McpExchange ex;
  private final JsonNode id;
  private final boolean takesStreams;
  private final List<Map.Entry<String, String>> forwarded;
  private EventStream stream;
  private int events;
  private boolean done;
  private final java.util.concurrent.atomic.AtomicBoolean finished =
      new java.util.concurrent.atomic.AtomicBoolean();

  BridgeCaller(
      Relay relay,
      HttpCall call,
      McpExchange ex,
      boolean takesStreams,
      EventStream early,
      List<Map.Entry<String, String>> forwarded) {
    this.relay = relay;
    this.call = call;
    this.ex = ex;
    this.id = BridgeJson.JSON.readTree(ex.message().id().toJson());
    this.takesStreams = takesStreams;
    this.stream = early;
    this.forwarded = forwarded;
  }

  HttpCall call() {
    return call;
  }

  McpExchange ex() {
    return ex;
  }

  JsonNode id() {
    return id;
  }

  /** The caller's headers that travel upstream (trace context, {@code Mcp-Param-*}). */
  List<Map.Entry<String, String>> forwarded() {
    return forwarded;
  }

  /** Whether anything of the answer went out already (an event stream was opened). */
  synchronized boolean started() {
    return stream != null;
  }

  /** Relays a progress notification, on an event stream a caller that takes streams gets. */
  synchronized void progress(byte[] json) {
    if (done) {
      return;
    }
    if (stream == null && takesStreams) {
      stream = call.openStream(Map.of(), relay.settings.keepAlive());
    }
    if (stream != null) {
      stream.write(SseEncoder.encode(SseEvent.message(null, json)));
      events++;
    }
  }

  /** Opens the caller's event stream now, so its headers (and keep-alives) go out. */
  synchronized void openStream() {
    if (!done && stream == null) {
      stream = call.openStream(Map.of(), relay.settings.keepAlive());
    }
  }

  /** Writes one message on the caller's event stream, opening it first if need be. */
  synchronized void event(byte[] json) {
    if (done) {
      return;
    }
    openStream();
    stream.write(SseEncoder.encode(SseEvent.message(null, json)));
    events++;
  }

  /** Ends the caller's stream without a last message (the caller closed it); reported once. */
  synchronized void close() {
    if (done) {
      return;
    }
    done = true;
    if (stream != null) {
      stream.close();
    }
    call.report(200, null, true, events);
  }

  /** True the first time only: whoever gets it releases what the caller held. */
  boolean finish() {
    return finished.compareAndSet(false, true);
  }

  synchronized void throttle(Runnable pause, Runnable resume) {
    if (stream != null) {
      stream.throttle(pause, resume);
    }
  }

  /** Ends the POST with {@code json}, the response hooks of the caller's exchange applied. */
  synchronized void answer(byte[] json) {
    if (done) {
      return;
    }
    done = true;
    byte[] out = ModernCall.respond(relay, ex, json);
    if (stream == null) {
      int status = BridgeJson.status(out);
      call.json(status, out, Map.of());
      call.report(status, null, false, 0);
    } else {
      stream.closeWith(SseEncoder.encode(SseEvent.message(null, out)));
      call.report(200, null, true, events + 1);
    }
  }

  /**
   * Ends the POST with what the replica holding the call answered ({@link BridgeHop}), an event
   * stream relayed piece by piece on the calling thread, which must not be an event loop.
   */
  void relayed(HttpResponse answer) {
    synchronized (this) {
      if (done) {
        return;
      }
      done = true;
    }
    // this replica's own answer headers (CORS, the policies' headers) where the holder set none
    call.answerHeaders(Map.of())
        .forEach(
            h -> {
              if (answer.header(h.getKey()) == null) {
                answer.header(h.getKey(), h.getValue());
              }
            });
    try {
      call.edge.respond(answer, false);
    } catch (Exception e) {
      log.info("route '{}': a forwarded answer broke off: {}", ex.route().name(), e.toString());
    }
    call.edge.loop().execute(() -> call.report(answer.status(), null, answer.writer() != null, 0));
  }

  synchronized void fail(GatewayException e) {
    if (done) {
      return;
    }
    done = true;
    byte[] body = RpcErrors.body(ex.message().id(), e);
    if (stream == null) {
      int status = RpcErrors.statusForRequest(e.error());
      call.json(status, body, RpcErrors.headers(e));
      call.report(status, e.error(), false, 0);
    } else {
      stream.closeWith(SseEncoder.encode(SseEvent.message(null, body)));
      call.report(200, e.error(), true, events + 1);
    }
  }

  /** The caller closed its connection. */
  synchronized void gone() {
    if (done) {
      return;
    }
    done = true;
    if (stream != null) {
      stream.close();
    }
    call.report(499, GatewayErrors.REQUEST_CANCELLED, stream != null, events);
  }
}
