package io.gatehouse.gateway.internal;

import io.gatehouse.core.ErrorKey;
import io.gatehouse.gateway.GatewayErrors;
import io.gatehouse.gateway.GatewayException;
import io.gatehouse.gateway.McpExchange;
import io.gatehouse.gateway.SessionToken;
import io.gatehouse.gateway.Verdict;
import io.gatehouse.http.MediaTypes;
import io.gatehouse.protocol.EnvelopeScanner;
import io.gatehouse.protocol.Era;
import io.gatehouse.protocol.JsonRpcErrors;
import io.gatehouse.protocol.JsonRpcMessage;
import io.gatehouse.protocol.ProtocolException;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Streamable HTTP transport toward callers (transports, 2025-11-25): POST carries one message,
 * GET opens the server-to-client stream or resumes one with {@code Last-Event-ID}, DELETE ends the
 * session. Each runs the HTTP-level policies first (so a caller without credentials is refused
 * before its session id is looked at), then opens the session, then runs the message policies and
 * relays.
 */
final class StreamableHttp {
  private final Relay relay;
  private final TransportGuard guard;
  private final ModernPost modern;
  private final ReverseBridge reverse;

  StreamableHttp(Relay relay, TransportGuard guard, ModernPost modern) {
    this.relay = relay;
    this.guard = guard;
    this.modern = modern;
    this.reverse = new ReverseBridge(relay, modern.eras());
  }

  void post(HttpCall call, FullHttpRequest request) {
    HttpHeaders h = request.headers();
    boolean sse = acceptsEventStream(h.get(HttpHeaderNames.ACCEPT));
    checkContentType(h.get(HttpHeaderNames.CONTENT_TYPE));
    byte[] body = ByteBufUtil.getBytes(request.content());
    JsonRpcMessage m = scan(body);
    Era era;
    try {
      era = ModernRequests.classify(h, m, modern.eras().supported(call.route));
    } catch (ModernRequests.UnknownVersion e) {
      ModernPost.unknownVersion(call, e);
      return;
    }
    if (era == Era.MODERN) {
      modern.post(call, h, m, body, sse);
      return;
    }
    String version = guard.protocolVersion(h);
    McpExchange ex = exchange(call, McpExchange.Entry.MESSAGE).message(m, body).build();
    call.exchange(ex);
    relay.policies.request(
        ex,
        call.edge.loop(),
        r -> refuse(call, r, m, true),
        () -> {
          McpExchange opened = m.isInitialize() ? ex : withSession(call, ex, h);
          if (opened == null) {
            return;
          }
          call.exchange(opened);
          PostDownstream downstream =
              new PostDownstream(
                  call, sse, m.id(), opened.sessionId(), relay.sessions.local(), relay.settings);
          if (sse && m.isRequest() && !m.isInitialize()) {
            opened.callerChannel(
                json -> call.edge.loop().execute(() -> downstream.sendWhilePending(json)));
          }
          relay.policies.message(
              opened,
              call.edge.loop(),
              r -> {
                DownstreamStream early = downstream.decided();
                if (early == null) {
                  refuse(call, r, m, r.httpLevel());
                } else {
                  refuseOnStream(early, downstream, r, m);
                }
              },
              () -> {
                downstream.decided();
                Forwarded fwd = forwarded(h, upstreamVersion(opened.session(), version), m);
                if (opened.session() != null && opened.session().isBridged()) {
                  reverse.relay(call, opened, h, downstream);
                } else if (m.isInitialize() && reverse.bridges(call.route)) {
                  reverse.initialize(call, opened, h, downstream);
                } else if (m.isInitialize()) {
                  reverse.initializeUpstream(call, opened, h, fwd, downstream);
                } else {
                  relay.relay(call.edge.loop(), opened, fwd, downstream);
                }
              },
              () -> handled(call, downstream, m));
          if (!downstream.isDecided() && m.isRequest() && !m.isInitialize()) {
            // A verdict still pending (a call held for approval) after sse-after starts the event
            // stream, so keep-alives flow while it waits. Decisions come back on this loop, so
            // none can slip in between.
            downstream.streamWhilePending(call.edge.loop(), relay.settings.sseAfter());
          }
        });
  }

  void get(HttpCall call, FullHttpRequest request) {
    HttpHeaders h = request.headers();
    String version = guard.protocolVersion(h);
    String accept = h.get(HttpHeaderNames.ACCEPT);
    if (accept != null && !accept.contains("text/event-stream") && !accept.contains("*/*")) {
      throw new GatewayException(
          GatewayErrors.NOT_ACCEPTABLE,
          "a GET stream is text/event-stream; the Accept header excludes it");
    }
    McpExchange ex = exchange(call, McpExchange.Entry.STREAM).build();
    call.exchange(ex);
    relay.policies.request(
        ex,
        call.edge.loop(),
        r -> refuse(call, r, null, true),
        () -> {
          McpExchange opened = withSession(call, ex, h);
          if (opened != null && opened.session().isBridged()) {
            call.exchange(opened);
            reverse.listen(call, opened);
          } else if (opened != null) {
            call.exchange(opened);
            new ServerStreamCall(
                    relay,
                    call,
                    opened,
                    h.get("Last-Event-ID"),
                    forwarded(h, upstreamVersion(opened.session(), version)))
                .start();
          }
        });
  }

  void delete(HttpCall call, FullHttpRequest request) {
    HttpHeaders h = request.headers();
    guard.protocolVersion(h);
    McpExchange ex = exchange(call, McpExchange.Entry.DELETE).build();
    call.exchange(ex);
    relay.policies.request(
        ex,
        call.edge.loop(),
        r -> refuse(call, r, null, true),
        () -> {
          McpExchange opened = withSession(call, ex, h);
          if (opened == null) {
            return;
          }
          call.exchange(opened);
          SessionToken session = opened.session();
          relay.sessions.terminate(opened.sessionId(), session.expiresAtEpochSecond());
          if (session.isBridged()) {
            reverse.forget(opened.sessionId());
          }
          relay.upstreams.terminate(
              call.edge.loop(),
              opened,
              session,
              forwarded(h, session.protocolVersion()),
              () -> {
                call.empty(200, Map.of());
                call.report(200, null, false, 0);
              });
        });
  }

  private static McpExchange.Builder exchange(HttpCall call, McpExchange.Entry entry) {
    return McpExchange.builder(call.route, entry).headers(call::header).remoteAddress(call.remote);
  }

  /** The exchange with its session opened, or null when the session was refused (and answered). */
  private McpExchange withSession(HttpCall call, McpExchange ex, HttpHeaders h) {
    String id = h.get("Mcp-Session-Id");
    try {
      SessionToken session = relay.sessions.open(id, call.route, ex.principalId());
      return ex.withSession(session, id.trim());
    } catch (GatewayException e) {
      call.refuse(
          e.error(), e.getMessage(), ex.message() == null ? null : ex.message().id(), Map.of());
      return null;
    }
  }

  /**
   * Answers a policy's refusal. At the HTTP level it is the key's own status; for a message it is
   * the JSON-RPC error of the request (with HTTP 200, as for any failed request), or the key's
   * status for a notification, which has no answer of its own.
   */
  static void refuse(HttpCall call, Verdict.Refuse r, JsonRpcMessage m, boolean httpLevel) {
    ErrorKey key = r.key();
    boolean request = m != null && m.isRequest();
    int status = httpLevel || !request ? key.httpStatus() : 200;
    call.json(status, RpcErrors.body(request ? m.id() : null, r), r.headers());
    call.report(status, key, false, 0);
  }

  /** A policy took the message itself: 202 for a notification or response, relaying nothing. */
  private static void handled(HttpCall call, PostDownstream downstream, JsonRpcMessage m) {
    DownstreamStream early = downstream.decided();
    if (m.isRequest()) {
      Verdict.Refuse r =
          new Verdict.Refuse(
              GatewayErrors.INTERNAL_ERROR,
              "a policy took the request without answering it",
              Map.of());
      if (early == null) {
        refuse(call, r, m, false);
      } else {
        refuseOnStream(early, downstream, r, m);
      }
      return;
    }
    call.empty(202, Map.of());
    call.report(202, null, false, 0);
  }

  /** Answers a refusal on the event stream that opened while the policies decided. */
  private static void refuseOnStream(
      DownstreamStream stream, PostDownstream downstream, Verdict.Refuse r, JsonRpcMessage m) {
    byte[] body = RpcErrors.body(m.id(), r);
    stream.batch(
        () -> {
          stream.emitMessage(body);
          stream.complete();
        });
    downstream.finished(200, r.key(), true, 1);
  }

  private static JsonRpcMessage scan(byte[] body) {
    try {
      return EnvelopeScanner.scan(body);
    } catch (ProtocolException e) {
      ErrorKey key =
          e.code() == JsonRpcErrors.PARSE_ERROR
              ? GatewayErrors.PARSE_ERROR
              : GatewayErrors.INVALID_REQUEST;
      throw new GatewayException(key, e.getMessage(), e.id());
    }
  }

  /**
   * The version to announce upstream: the one the upstream negotiated for this session. A caller
   * may send another supported one (or none, meaning 2025-03-26), but the upstream session has one
   * version, and older ones lose features such as priming events and resumption.
   */
  static String upstreamVersion(SessionToken session, String callerVersion) {
    return session != null && !session.protocolVersion().isEmpty()
        ? session.protocolVersion()
        : callerVersion;
  }

  /** Whether the caller takes event streams; 406 when it takes neither JSON nor event streams. */
  static boolean acceptsEventStream(String accept) {
    if (accept == null || accept.isBlank()) {
      return true;
    }
    String a = accept.toLowerCase(Locale.ROOT);
    boolean any = a.contains("*/*");
    boolean sse = any || a.contains("text/event-stream");
    if (!sse && !a.contains("application/json") && !a.contains("application/*")) {
      throw new GatewayException(
          GatewayErrors.NOT_ACCEPTABLE,
          "the Accept header '" + accept + "' excludes JSON and event streams");
    }
    return sse;
  }

  private static void checkContentType(String contentType) {
    if (contentType != null && !MediaTypes.essence(contentType).equals("application/json")) {
      throw new GatewayException(
          GatewayErrors.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type '" + contentType + "' is not application/json");
    }
  }

  /**
   * The caller's headers that travel upstream: protocol version, MCP routing headers and trace
   * context.
   */
  static Forwarded forwarded(HttpHeaders h, String version) {
    return forwarded(h, version, null);
  }

  /**
   * The same for a POST of {@code m}: {@code Mcp-Method} and {@code Mcp-Name} travel only when they
   * say what the body says, so an upstream that routes on them acts on the name the policies
   * checked.
   */
  static Forwarded forwarded(HttpHeaders h, String version, JsonRpcMessage m) {
    List<Map.Entry<String, String>> extra = null;
    for (Iterator<Map.Entry<CharSequence, CharSequence>> it = h.iteratorCharSequence();
        it.hasNext(); ) {
      Map.Entry<CharSequence, CharSequence> e = it.next();
      CharSequence n = e.getKey();
      if (isForwarded(n) && (m == null || agrees(n, e.getValue(), m))) {
        if (extra == null) {
          extra = new ArrayList<>(2);
        }
        extra.add(Map.entry(n.toString(), e.getValue().toString()));
      }
    }
    return extra == null ? new Forwarded(version, List.of()) : new Forwarded(version, extra);
  }

  private static boolean agrees(CharSequence name, CharSequence value, JsonRpcMessage m) {
    if (AsciiString.contentEqualsIgnoreCase(name, "mcp-method")) {
      return m.method() != null && AsciiString.contentEquals(value, m.method());
    }
    if (AsciiString.contentEqualsIgnoreCase(name, "mcp-name")) {
      return m.name() != null && AsciiString.contentEquals(value, m.name());
    }
    return true;
  }

  private static boolean isForwarded(CharSequence n) {
    char c = n.isEmpty() ? 0 : Character.toLowerCase(n.charAt(0));
    if (c == 'm') {
      return AsciiString.regionMatches(n, true, 0, "mcp-param-", 0, 10)
          || AsciiString.contentEqualsIgnoreCase(n, "mcp-method")
          || AsciiString.contentEqualsIgnoreCase(n, "mcp-name");
    }
    return c == 't'
        && (AsciiString.contentEqualsIgnoreCase(n, "traceparent")
            || AsciiString.contentEqualsIgnoreCase(n, "tracestate"));
  }
}
