package io.gatehouse.gateway.internal;

import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.Verdict;
import io.gatehouse.gateway.mrtr.InputRetry;
import io.gatehouse.protocol.Era;
import io.gatehouse.protocol.Json;
import io.gatehouse.protocol.JsonRpcErrors;
import io.gatehouse.protocol.JsonRpcMessage;
import io.gatehouse.protocol.ModernProtocol;
import io.gatehouse.protocol.ProtocolVersions;
import io.gatehouse.protocol.sse.SseEncoder;
import io.gatehouse.protocol.sse.SseEvent;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.stream.Collectors;

/**
 * A 2026-07-28 POST on {@code /mcp/{route}}: a stateless proxy. It checks the {@code Mcp-*} headers
 * against the body, runs the same policies as any message (the caller's credentials come with every
 * request, as there is no session to bind them to), learns the upstream's era, and relays to a
 * 2026-07-28 upstream with no session state on this or any replica. A session-era upstream is
 * reached through the {@link Bridge}, after the same policies.
 */
final class ModernPost {
  private final Relay relay;
  private final UpstreamEras eras;
  private final Bridge bridge;
  private final ListCache lists = new ListCache();

  ModernPost(Relay relay, UpstreamEras eras, Bridge bridge) {
    this.relay = relay;
    this.eras = eras;
    this.bridge = bridge;
  }

  UpstreamEras eras() {
    return eras;
  }

  void post(HttpCall call, HttpHeaders h, JsonRpcMessage m, byte[] body, boolean sse) {
    ModernRequests.checkHeaders(h, m);
    McpExchange ex =
        McpExchange.builder(call.route, McpExchange.Entry.MESSAGE)
            .headers(call::header)
            .remoteAddress(call.remote)
            .message(m, body)
            .build();
    call.exchange(ex);
    ModernInput.attach(ex, relay.requestStates);
    var loop = call.edge.loop();
    relay.policies.request(
        ex,
        loop,
        r -> StreamableHttp.refuse(call, r, m, true),
        () -> {
          Hold hold = new Hold(call);
          relay.policies.message(
              ex,
              loop,
              r -> refused(call, hold.decided(), m, ModernInput.reply(ex, r)),
              () -> {
                EventStream early = hold.decided();
                byte[] upstreamBody;
                try {
                  upstreamBody = ModernInput.upstreamBody(ex);
                } catch (GatewayException e) {
                  failed(call, early, m, e);
                  return;
                }
                eras.resolve(
                    loop,
                    ex,
                    era -> relay(call, ex, h, era, sse, early, upstreamBody),
                    e -> failed(call, early, m, e));
              },
              () -> handled(call, hold.decided(), m));
          if (!hold.isDecided() && m.isRequest() && sse) {
            // A verdict still pending after sse-after (a call held for approval) opens the event
            // stream, so keep-alives flow while it waits; the answer then comes on it.
            hold.streamAfter(relay.settings.sseAfter(), relay.settings.keepAlive());
          }
        });
  }

  private void relay(
      HttpCall call,
      McpExchange ex,
      HttpHeaders h,
      Era era,
      boolean sse,
      EventStream early,
      byte[] upstreamBody) {
    JsonRpcMessage m = ex.message();
    if (era != Era.MODERN) {
      // Gatehouse's own answers (consent, approval) were taken by the policies: the bridge sees
      // the request without them, so it never mistakes their requestState for a held call's.
      McpExchange bridged =
          upstreamBody == ex.body() ? ex : ex.withMessage(m, upstreamBody, ex.session());
      bridge.relay(call, bridged, h, sse, early);
      return;
    }
    if (call.fromPeer || InputRetry.continuesHeldCall(ex)) {
      // a 2026-07-28 upstream holds no call here: nothing to continue, and a continuation, which
      // the policies let through as such, must never start the call anew
      failed(call, early, m, Bridge.notHeld(call.route.name()));
      return;
    }
    String cacheKey = ListCache.key(call.route, m, ex.body());
    byte[] cached = cacheKey == null ? null : lists.answer(cacheKey, m.id());
    if (cached != null) {
      byte[] answer = ModernCall.respond(relay, ex, cached);
      if (early == null) {
        call.json(200, answer, Map.of("Gatehouse-Cache", "hit"));
        call.report(200, null, false, 0);
      } else {
        endWith(call, early, answer, null);
      }
      return;
    }
    Forwarded fwd = forwarded(h, m);
    new ModernCall(relay, eras, call.edge.loop(), call, ex, fwd, sse)
        .sending(upstreamBody)
        .keepingIn(lists, cacheKey)
        .onStream(early)
        .start();
  }

  /**
   * Answers what the message policies refused with: an {@code input_required} result (200) or the
   * refusal, on the event stream if one opened while they decided.
   */
  private static void refused(
      HttpCall call, EventStream early, JsonRpcMessage m, ModernInput.Reply reply) {
    Verdict.Refuse r = reply.refusal();
    if (r == null) {
      if (early == null) {
        call.json(200, reply.result(), Map.of());
        call.report(200, null, false, 0);
      } else {
        endWith(call, early, reply.result(), null);
      }
    } else if (early == null) {
      StreamableHttp.refuse(call, r, m, r.httpLevel());
    } else {
      endWith(call, early, RpcErrors.body(m.id(), r), r.key());
    }
  }

  /** Answers {@code e}: with its status (the key's, or 200 for a request past the transport). */
  private static void failed(
      HttpCall call, EventStream early, JsonRpcMessage m, GatewayException e) {
    if (early != null) {
      endWith(call, early, RpcErrors.body(m.id(), e), e.error());
      return;
    }
    int status =
        m.isRequest() && e.error().isUpstream()
            ? RpcErrors.statusForRequest(e.error())
            : e.error().httpStatus();
    call.json(status, RpcErrors.body(m.id(), e), RpcErrors.headers(e));
    call.report(status, e.error(), false, 0);
  }

  /** A policy took the message itself: 202 for a notification; a request must not be. */
  private static void handled(HttpCall call, EventStream early, JsonRpcMessage m) {
    if (m.isRequest()) {
      Verdict.Refuse r =
          new Verdict.Refuse(
              GatewayErrors.INTERNAL_ERROR,
              "a policy took the request without answering it",
              Map.of());
      if (early == null) {
        StreamableHttp.refuse(call, r, m, false);
      } else {
        endWith(call, early, RpcErrors.body(m.id(), r), r.key());
      }
      return;
    }
    call.empty(202, Map.of());
    call.report(202, null, false, 0);
  }

  /** Ends the caller's open event stream with {@code json}, in one write. */
  private static void endWith(
      HttpCall call, EventStream stream, byte[] json, io.gatehouse.core.ErrorKey error) {
    stream.closeWith(SseEncoder.encode(SseEvent.message(null, json)));
    call.report(200, error, true, 1);
  }

  /**
   * Whether the message policies have decided, and the event stream opened while they had not. All
   * on the caller's event loop, where the decisions come back too.
   */
  private static final class Hold {
    private final HttpCall call;
    private boolean decided;
    private EventStream early;
    private ScheduledFuture<?> timer;

    Hold(HttpCall call) {
      this.call = call;
    }

    EventStream decided() {
      decided = true;
      if (timer != null) {
        timer.cancel(false);
      }
      return early;
    }

    boolean isDecided() {
      return decided;
    }

    void streamAfter(Duration after, Duration keepAlive) {
      timer =
          Timeouts.after(
              call.edge.loop(),
              after,
              () -> {
                if (!decided && early == null) {
                  early = call.openStream(Map.of(), keepAlive);
                }
              });
    }
  }

  /**
   * The caller's headers that travel upstream ({@code Mcp-Param-*}, trace context), with {@code
   * Mcp-Method} and {@code Mcp-Name} as checked: the body's method, and the caller's name header
   * without the whitespace around it.
   */
  static Forwarded forwarded(HttpHeaders h, JsonRpcMessage m) {
    List<Map.Entry<String, String>> extra = new ArrayList<>();
    for (Map.Entry<String, String> e : StreamableHttp.forwarded(h, null).extra()) {
      String n = e.getKey().toLowerCase(Locale.ROOT);
      if (!n.equals("mcp-method") && !n.equals("mcp-name")) {
        extra.add(e);
      }
    }
    extra.add(Map.entry(ModernProtocol.HEADER_METHOD, m.method()));
    String name = h.get(ModernProtocol.HEADER_NAME);
    if (name != null && !name.isBlank()) {
      extra.add(Map.entry(ModernProtocol.HEADER_NAME, name.strip()));
    }
    return new Forwarded(ProtocolVersions.MODERN, extra);
  }

  /** The answer to a request for a version Gatehouse does not know: -32022 and what it speaks. */
  static void unknownVersion(HttpCall call, ModernRequests.UnknownVersion e) {
    String supported =
        e.supported.stream().map(Json::quote).collect(Collectors.joining(",", "[", "]"));
    byte[] body =
        JsonRpcErrors.response(
            e.id(),
            e.error().rpcCode(),
            e.getMessage(),
            e.error().key(),
            e.error().hint(),
            Map.of("supported", supported, "requested", Json.quote(e.requested)));
    call.json(e.error().httpStatus(), body, Map.of());
    call.report(e.error().httpStatus(), e.error(), false, 0);
  }
}
